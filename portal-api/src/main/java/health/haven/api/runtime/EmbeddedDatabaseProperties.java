package health.haven.api.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the first run's embedded PostgreSQL runs.
 *
 * @param durable fsync and synchronous commit on, as on a real server: what the portal
 * acknowledged survives a crash of the portal, the server or the machine. Only tests,
 * which throw their databases away, switch it off for speed.
 * @param startupWait how long to wait for the server to start; crash recovery after an
 * unclean stop can take a while
 */
@ConfigurationProperties("haven.embedded-database")
public record EmbeddedDatabaseProperties(@DefaultValue("true") boolean durable,
		@DefaultValue("120s") Duration startupWait) {

}
