package health.haven;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Haven: self-service Odoo environments for healthcare, delivered through GitOps.
 */
@SpringBootApplication
@EnableAsync
public class HavenApplication {

	public static void main(String[] args) {
		SpringApplication.run(HavenApplication.class, args);
	}

}
