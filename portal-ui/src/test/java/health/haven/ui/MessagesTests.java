package health.haven.ui;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import health.haven.provisioning.catalog.Tier;
import health.haven.provisioning.environment.DriftDecision;
import health.haven.provisioning.environment.LiveStatus;
import health.haven.provisioning.gate.GateOutcome;
import health.haven.provisioning.request.RequestState;
import health.haven.provisioning.request.RequestType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages name a state, a status or a type by a message key made from the value
 * ({@code #{'state.' + ${r.state}}}): a value without words shows as
 * {@code ??state.X_en_US??}. Every value of each such enum has its words.
 */
class MessagesTests {

	@Test
	void everyValueThePagesNameHasItsWords() throws IOException {
		Properties messages = new Properties();
		try (InputStream in = getClass().getResourceAsStream("/messages.properties")) {
			messages.load(in);
		}
		assertThat(missing(messages, "state.%s", RequestState.values())).isEmpty();
		assertThat(missing(messages, "type.%s", RequestType.values())).isEmpty();
		assertThat(missing(messages, "type.%s.long", RequestType.values())).isEmpty();
		assertThat(missing(messages, "live.%s", LiveStatus.values())).isEmpty();
		assertThat(missing(messages, "tier.%s", Tier.values())).isEmpty();
		assertThat(missing(messages, "drift.last.%s", DriftDecision.values())).isEmpty();
		assertThat(missing(messages, "gates.outcome.%s", GateOutcome.values())).isEmpty();
	}

	private static List<String> missing(Properties messages, String key, Enum<?>[] values) {
		return Arrays.stream(values)
			.map((value) -> key.formatted(value.name()))
			.filter((name) -> !messages.containsKey(name))
			.toList();
	}

}
