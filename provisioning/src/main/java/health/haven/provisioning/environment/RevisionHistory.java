package health.haven.provisioning.environment;

/**
 * The history of the GitOps repository, as far as the domain needs it: whether a commit
 * the controller applied contains a change the portal committed. Implemented by
 * gitops-writer; the domain holds no git types.
 */
public interface RevisionHistory {

	/**
	 * Whether {@code revision} is {@code commit} or one of its descendants, so that the
	 * change of {@code commit} is in what was applied. False when either is unknown.
	 */
	boolean contains(String revision, String commit);

}
