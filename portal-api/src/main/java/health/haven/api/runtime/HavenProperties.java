package health.haven.api.runtime;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this portal runs.
 *
 * @param dataDir the data folder ({@code HAVEN_DATA_DIR}): the embedded PostgreSQL's data
 * and the local GitOps repository live below it
 * @param demo whether to create the demo accounts on the first run ({@code HAVEN_DEMO});
 * by default only with the embedded database
 */
@ConfigurationProperties("haven")
public record HavenProperties(@DefaultValue("./var") Path dataDir, Boolean demo) {

}
