/**
 * The auditors' read models ({@link io.accessledger.audit.model.AuditReadModels}): who held what when
 * ({@link io.accessledger.audit.model.AccessHistoryView}) and the whole trail — the evidence of a grant, the export,
 * joiners, movers and leavers ({@link io.accessledger.audit.model.AuditTrailView}). Facts are stored per event and
 * joined at query time, so they are rebuilt identically from the topics in any order, by request-service's consumers
 * and rebuilds or by the {@code accessledger-audit replay} command, with nothing but a database.
 */
package io.accessledger.audit.model;
