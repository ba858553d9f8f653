package health.haven.api.problem;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

import health.haven.provisioning.FieldProblem;
import health.haven.provisioning.approval.ChangeWindowRefusedException;
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

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body",
				"The body is not the JSON this call takes (malformed, or a field of the wrong type)");
		return ResponseEntity.badRequest().body(problem);
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
