-- The audit trail is append-only in the database itself, not only in the runtime's code.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE, DELETE ON audit_log FOR EACH ROW CALL 'io.finbridge.audit.AppendOnlyTrigger';
