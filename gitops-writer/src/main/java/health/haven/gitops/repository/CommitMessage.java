package health.haven.gitops.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import health.haven.provisioning.environment.DriftDecided;
import health.haven.provisioning.request.RequestApproved;

/**
 * The commit messages the writer makes: a subject, a body, and the trailers that tie the
 * commit to its request, ticket, requester and approvers ({@code Haven-Request:},
 * {@code Ticket:}, {@code Requested-by:}, {@code Approved-by:}), or to the restore a
 * person's decision asked for.
 */
public final class CommitMessage {

	private CommitMessage() {
	}

	public static String of(RequestApproved request) {
		List<String> lines = new ArrayList<>();
		lines.add(oneLine(verb(request) + " " + request.team() + "/" + request.environment() + " ("
				+ request.environmentClass() + ", " + request.region() + ")"));
		lines.add("");
		lines.add(oneLine("From catalog item " + request.catalogItem() + " version " + request.catalogVersion()
				+ ", submitted by " + request.submittedBy() + "."));
		lines.add("");
		lines.add(REQUEST + request.requestId());
		lines.add("Ticket: " + ((request.ticket() != null) ? oneLine(request.ticket().reference()) : "none"));
		lines.add("Requested-by: " + oneLine(request.submittedBy()));
		request.approvedBy().forEach((approver) -> lines.add("Approved-by: " + oneLine(approver)));
		return String.join("\n", lines) + "\n";
	}

	/**
	 * The commit message of a restore: what the portal wrote before, written back over a
	 * hand edit a person discarded, with who discarded it and why, and the
	 * {@code Haven-Restore:} trailer that ties the commit to its queued change.
	 */
	public static String restore(UUID restoreId, DriftDecided decided) {
		List<String> lines = new ArrayList<>();
		lines.add(oneLine("Restore " + decided.team() + "/" + decided.environment() + ": discard a hand edit"));
		lines.add("");
		lines.add(oneLine("The folder " + decided.folder() + " was edited outside Haven; " + decided.decidedBy()
				+ " discarded the edit: " + decided.comment()));
		lines.add("");
		lines.add(GitOpsRepository.RESTORE_TRAILER + ": " + restoreId);
		lines.add("Discarded-by: " + oneLine(decided.decidedBy()));
		return String.join("\n", lines) + "\n";
	}

	private static final String REQUEST = GitOpsRepository.REQUEST_TRAILER + ": ";

	private static String verb(RequestApproved request) {
		return switch (request.type()) {
			case CREATE -> "Create";
			case UPDATE -> "Update";
			case DECOMMISSION -> "Decommission";
		};
	}

	// A value can never add a line, and so never a trailer, to the message.
	private static String oneLine(String value) {
		return value.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ").strip();
	}

}
