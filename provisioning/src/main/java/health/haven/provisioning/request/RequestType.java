package health.haven.provisioning.request;

/**
 * The kind of change a request asks for. Day-2 changes (UPDATE, UPGRADE, PROMOTE,
 * ROLLBACK, DECOMMISSION) follow in later issues.
 */
public enum RequestType {

	CREATE

}
