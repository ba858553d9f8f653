package health.haven.api.problem;

import java.net.URI;

/**
 * The stable type URIs of the API's problem details, one per kind of problem, which
 * clients may switch on.
 */
public final class ProblemTypes {

	private ProblemTypes() {
	}

	public static URI of(String code) {
		return URI.create("urn:haven:problem:" + code);
	}

}
