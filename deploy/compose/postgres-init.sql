-- One database per service, the names each service's yml defaults to (ACCESSLEDGER_<SERVICE>_DB_URL).
CREATE DATABASE request_service;
CREATE DATABASE policy_service;
CREATE DATABASE approval_service;
CREATE DATABASE provisioning_service;
CREATE DATABASE review_scheduler;
