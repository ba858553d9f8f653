package health.haven.api.request;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import health.haven.provisioning.catalog.ApprovalStage;
import health.haven.provisioning.gate.GateReport;
import health.haven.provisioning.request.EnvironmentRequests.DryRun;

/**
 * What a request would do, as the preview returns it.
 *
 * @param stages the approval stages it would wait for, in order (none: approved
 * automatically)
 * @param files the rendered manifests by their paths in the repository, where this portal
 * renders
 * @param diff a unified diff from what the repository holds now to them
 * @param problem why there is no render or diff (schemas refuse it, the repository cannot
 * be read)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PreviewResponse(RequestResponse.CatalogReference catalogItem, Map<String, Object> parameters,
		String approvalPolicy, List<Stage> stages, GateReport gates, Map<String, String> files, String diff,
		String problem) {

	static PreviewResponse of(DryRun run) {
		return new PreviewResponse(new RequestResponse.CatalogReference(run.catalogItem(), run.catalogVersion()),
				run.parameters(), run.approvalPolicy(), run.stages().stream().map(Stage::of).toList(), run.gates(),
				(run.change() != null) ? run.change().files() : null,
				(run.change() != null) ? run.change().diff() : null,
				(run.change() != null) ? run.change().problem() : null);
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Stage(String name, String role, String group, String quorum) {

		static Stage of(ApprovalStage stage) {
			return new Stage(stage.name(), (stage.role() != null) ? stage.role().name() : null, stage.group(),
					stage.quorum().toString());
		}

	}

}
