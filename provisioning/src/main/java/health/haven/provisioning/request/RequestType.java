package health.haven.provisioning.request;

/**
 * The kind of change a request asks for: a new environment, new parameters for one that
 * exists, or its removal. UPGRADE, PROMOTE and ROLLBACK follow.
 */
public enum RequestType {

	CREATE, UPDATE, DECOMMISSION

}
