package health.haven.api.problem;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import health.haven.api.http.BodyTooLargeException;
import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.StaleVersionException;
import health.haven.provisioning.approval.ChangeWindowRefusedException;
import health.haven.provisioning.gate.GateReport;
import health.haven.provisioning.gate.GatesFailedException;
import health.haven.provisioning.environment.EnvironmentActionRefusedException;
import health.haven.provisioning.environment.EnvironmentNotFoundException;
import health.haven.provisioning.request.InvalidRequestException;
import health.haven.provisioning.request.NotPermittedException;
import health.haven.provisioning.request.RequestConflictException;
import health.haven.provisioning.request.RequestNotFoundException;

/**
 * Turns the domain's exceptions into problem details for API clients.
 */
@RestControllerAdvice(basePackages = "health.haven.api")
class ApiProblems extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiProblems.class);

	@ExceptionHandler
	ProblemDetail invalid(InvalidRequestException ex) {
		return invalidFields(ex.getProblems());
	}

	@ExceptionHandler
	ProblemDetail notPermitted(NotPermittedException ex) {
		return notPermitted(ex.getReason(), ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail conflict(RequestConflictException ex) {
		return conflict(ex.getReason(), ex.getMessage());
	}

	/**
	 * 422 listing every gate's result, the failures also as {@code errors} by gate.
	 */
	@ExceptionHandler
	ProblemDetail gatesFailed(GatesFailedException ex) {
		GateReport report = ex.getReport();
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "gates-failed", "Policy gates failed",
				report.failures().size() + " policy gate(s) failed; nothing was stored");
		problem.setProperty("errors",
				report.failures()
					.stream()
					.map((failure) -> Map.of("field", failure.gate(), "message", failure.reason()))
					.toList());
		problem.setProperty("gates", report.results());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail stale(StaleVersionException ex) {
		ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "stale-version", "Precondition failed",
				ex.getMessage());
		problem.setProperty("currentVersion", ex.getCurrent());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail notFound(RequestNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notFound(EnvironmentNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail refused(ChangeWindowRefusedException ex) {
		return switch (ex.getRefusal()) {
			case INVALID -> invalidFields(List.of(new FieldProblem(ex.getField(), ex.getMessage())));
			case NOT_PERMITTED -> notPermitted(ex.getField(), ex.getMessage());
			case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
		};
	}

	@ExceptionHandler
	ProblemDetail refused(EnvironmentActionRefusedException ex) {
		return switch (ex.getRefusal()) {
			case INVALID -> invalidFields(List.of(new FieldProblem(ex.getReason(), ex.getMessage())));
			case NOT_PERMITTED -> notPermitted(ex.getReason(), ex.getMessage());
			case CONFLICT -> conflict(ex.getReason(), ex.getMessage());
		};
	}

	/**
	 * 403 with the stable reason code clients rely on ({@code own-request},
	 * {@code missing-role}, …).
	 */
	private static ProblemDetail notPermitted(String reason, String message) {
		ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "not-permitted", "Not permitted", message);
		problem.setProperty("reason", reason);
		return problem;
	}

	/**
	 * 409 whose problem type is its reason code ({@code stage-not-open}, …).
	 */
	private static ProblemDetail conflict(String reason, String message) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, reason, "Conflict", message);
		problem.setProperty("reason", reason);
		return problem;
	}

	@ExceptionHandler
	ProblemDetail notFound(ResourceNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		String expected = (type != null && type.isEnum())
				? "one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList())
				: "a valid " + ((type != null) ? type.getSimpleName() : "value");
		return invalidFields(List.of(new FieldProblem(ex.getName(), ex.getName() + " must be " + expected)));
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		logger.error("Unexpected error in the API", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"Something went wrong on our side; nothing you sent was changed by it. It has been logged.");
	}

	/**
	 * A body the API cannot read: too large ({@code 413}), a member the call does not
	 * take or of the wrong type ({@code 400} naming it), or no JSON at all.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException tooLarge) {
				return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
					.body(problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Content too large",
							tooLarge.getMessage() + "; nothing was stored"));
			}
			if (cause instanceof UnrecognizedPropertyException unknown) {
				return ResponseEntity.badRequest()
					.body(invalidFields(List.of(new FieldProblem(path(unknown), "This call takes no member '"
							+ unknown.getPropertyName() + "'; it takes " + unknown.getKnownPropertyIds()))));
			}
			if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
				Class<?> target = mismatch.getTargetType();
				return ResponseEntity.badRequest()
					.body(invalidFields(List.of(new FieldProblem(path(mismatch), "The value is not "
							+ ((target != null) ? expected(target) : "of the type this member takes")))));
			}
		}
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body",
				"The body is not JSON (" + readable(ex) + "); nothing was stored");
		return ResponseEntity.badRequest().body(problem);
	}

	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > 0) ? path.toString() : "body";
	}

	private static String expected(Class<?> type) {
		if (type.isEnum()) {
			return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList());
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "a number";
		}
		if (Map.class.isAssignableFrom(type)) {
			return "a JSON object";
		}
		if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
			return "a JSON array";
		}
		return "a JSON object of the kind this member takes";
	}

	private static String readable(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof StreamReadException read && read.getLocation() != null) {
			return "malformed at line " + read.getLocation().getLineNr() + ", column "
					+ read.getLocation().getColumnNr();
		}
		return "empty or malformed";
	}

	private static ProblemDetail invalidFields(List<FieldProblem> problems) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The request has " + problems.size() + " invalid field(s); nothing was stored");
		problem.setProperty("errors",
				problems.stream().map((field) -> Map.of("field", field.field(), "message", field.message())).toList());
		return problem;
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(ProblemTypes.of(type));
		problem.setTitle(title);
		return problem;
	}

}
