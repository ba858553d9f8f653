package health.haven.gitops.repository;

import java.util.List;
import java.util.UUID;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BatchTests {

	private static final ObjectId BASE = id("base");

	private static final ObjectId FIRST_TIP = id("first");

	private static final ObjectId SECOND_TIP = id("second");

	@Test
	void aBatchBuiltOnAnothersTipFollowsIt() {
		Batch first = batch(BASE, FIRST_TIP, "first");
		Batch second = batch(FIRST_TIP, SECOND_TIP, "second");

		Batch both = first.followedBy(second);

		assertThat(both.base()).isEqualTo(BASE);
		assertThat(both.tip()).isEqualTo(SECOND_TIP);
		assertThat(both.commits()).containsExactly(first.commits().get(0), second.commits().get(0));
		assertThat(both.objects()).containsExactly(first.objects().get(0), second.objects().get(0));
	}

	@Test
	void aBatchBuiltElsewhereCannotFollow() {
		Batch first = batch(BASE, FIRST_TIP, "first");
		Batch elsewhere = batch(BASE, SECOND_TIP, "second");

		assertThatIllegalArgumentException().isThrownBy(() -> first.followedBy(elsewhere))
			.withMessageContaining(FIRST_TIP.name());
	}

	private static Batch batch(ObjectId base, ObjectId tip, String name) {
		return new Batch(base, tip, List.of(new Batch.Built(UUID.randomUUID(), tip.name(), true, name, name)),
				List.of(new Batch.NewObject(id(name + "-blob"), Constants.OBJ_BLOB)));
	}

	private static ObjectId id(String content) {
		return ObjectId.fromRaw(Constants.newMessageDigest().digest(content.getBytes()));
	}

}
