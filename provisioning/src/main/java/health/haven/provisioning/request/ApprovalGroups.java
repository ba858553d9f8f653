package health.haven.provisioning.request;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import health.haven.provisioning.catalog.ApprovalPolicy;
import health.haven.provisioning.catalog.ApprovalStage;
import health.haven.provisioning.people.People;

/**
 * Who may decide the group stages of a request's policy: the group's active members,
 * without the requester (nobody decides on their own request, so a stage that needs ALL
 * of a group the requester belongs to needs all the others).
 */
@Component
class ApprovalGroups {

	private final People people;

	ApprovalGroups(People people) {
		this.people = people;
	}

	Map<String, Set<String>> of(ApprovalPolicy policy, EnvironmentRequest request) {
		Map<String, Set<String>> members = new TreeMap<>();
		for (ApprovalStage stage : policy.stages()) {
			if (stage.group() != null && !members.containsKey(stage.group())) {
				Set<String> deciders = new TreeSet<>(this.people.activeMembers(stage.group()));
				deciders.remove(request.getRequestedBy());
				members.put(stage.group(), deciders);
			}
		}
		return members;
	}

}
