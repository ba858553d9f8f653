package health.haven.provisioning.people;

/**
 * What a person may do in the portal. A requester acts only for the teams they belong to.
 */
public enum Role {

	REQUESTER, APPROVER, SECURITY_REVIEWER, PLATFORM_ADMIN, AUDITOR

}
