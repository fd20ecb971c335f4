/**
 * The auditors' side of the log: read models rebuilt from the topics alone, and the verification of the log's
 * hash chains and signed checkpoints.
 */
package io.accessledger.audit;
