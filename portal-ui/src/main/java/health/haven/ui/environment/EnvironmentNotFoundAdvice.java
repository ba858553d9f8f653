package health.haven.ui.environment;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import health.haven.provisioning.environment.EnvironmentNotFoundException;

/**
 * An environment's pages answer 404 with a page that says so, whether it does not exist
 * or belongs to a team the person does not see.
 */
@ControllerAdvice(basePackageClasses = EnvironmentNotFoundAdvice.class)
class EnvironmentNotFoundAdvice {

	@ExceptionHandler(EnvironmentNotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound() {
		return "environment/not-found";
	}

}
