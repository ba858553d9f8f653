package health.haven.gitops.repository;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.Deflater;

import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.transport.PacketLineIn;
import org.eclipse.jgit.transport.PacketLineOut;

/**
 * The pushing half of git's receive-pack protocol (what C git calls send-pack), sending
 * exactly the objects a pass wrote.
 *
 * <p>
 * JGit's push finds what to send by marking every tree and blob of the commit the remote
 * has as known: a walk of the whole repository per push. With 100,000 environment folders
 * that took 0.8–1.9 s of a push to {@code git daemon} whose server side took under 0.6 s
 * (measured). The writer knows which objects its pass wrote, and the remote holds
 * everything reachable from the commit the pass was built on (the lease checks it is
 * still there), so no walk is needed. The request goes out in one write: a command line
 * and then the pack as two small writes waited ~40 ms on loopback for the server's
 * delayed acknowledgement.
 *
 * <p>
 * Only a definite answer counts: the branch took the commits, or it had moved. Anything
 * else (a server that does not speak the protocol this way, a refusal, a pack the server
 * found incomplete, a broken connection) is for the caller to settle with JGit's own
 * push, whose lease makes a second attempt safe.
 */
final class SendPack {

	private static final String REPORT_STATUS = "report-status";

	private static final String OFS_DELTA = "ofs-delta";

	private final Repository repository;

	SendPack(Repository repository) {
		this.repository = repository;
	}

	/**
	 * Moves the remote's {@code ref} from {@code expected} to {@code tip}, sending the
	 * given objects.
	 * @param objects every object the commits from {@code expected} to {@code tip} hold
	 * that {@code expected} does not
	 */
	Result push(ReceivePackChannel channel, String ref, ObjectId expected, ObjectId tip, List<Batch.NewObject> objects)
			throws IOException {
		Advertisement advertised = Advertisement.read(new PacketLineIn(channel.advertisement()));
		if (!Objects.equals(advertised.head(ref), expected)) {
			return Result.moved();
		}
		if (!advertised.capabilities().contains(REPORT_STATUS)) {
			return Result.unsettled("the remote does not report the outcome of a push");
		}
		boolean offsets = advertised.capabilities().contains(OFS_DELTA);
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		PacketLineOut commands = new PacketLineOut(request);
		commands.writeString(expected.name() + " " + tip.name() + " " + ref + "\0" + REPORT_STATUS
				+ (offsets ? " " + OFS_DELTA : "") + " agent=haven");
		commands.end();
		writePack(request, objects, offsets);
		return readReport(new PacketLineIn(channel.send(request.toByteArray())), ref);
	}

	private void writePack(ByteArrayOutputStream out, List<Batch.NewObject> objects, boolean offsets)
			throws IOException {
		PackConfig config = new PackConfig(this.repository);
		// a pass's objects are a few hundred at most: searching for deltas
		// would cost more than the bytes it saves on a push
		config.setDeltaCompress(false);
		// nor is each object's stored form looked for in every pack to copy it as it is:
		// that search took more of the writer's time than anything else (measured: with
		// tens of packs, a binary search of each pack's index for each object). Read
		// whole, an object is found in the first pack looked at, the pass's own, and
		// compressed again at the fastest level
		config.setReuseObjects(false);
		config.setReuseDeltas(false);
		config.setCompressionLevel(Deflater.BEST_SPEED);
		try (ObjectReader reader = this.repository.newObjectReader();
				RevWalk walk = new RevWalk(reader);
				PackWriter writer = new PackWriter(config, reader)) {
			writer.setIndexDisabled(true);
			writer.setUseBitmaps(false);
			writer.setUseCachedPacks(false);
			writer.setThin(false);
			writer.setDeltaBaseAsOffset(offsets);
			List<RevObject> toSend = new ArrayList<>(objects.size());
			for (Batch.NewObject object : objects) {
				toSend.add(walk.lookupAny(object.id(), object.type()));
			}
			writer.preparePack(toSend.iterator());
			writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
		}
	}

	/**
	 * The server's report: {@code unpack ok} and {@code ok <ref>}, or the reason it did
	 * not take them.
	 */
	private static Result readReport(PacketLineIn report, String ref) throws IOException {
		String unpack = report.readString();
		String update = PacketLineIn.isEnd(unpack) ? null : report.readString();
		if (!"unpack ok".equals(unpack)) {
			return Result.unsettled("the remote could not take the pack: " + unpack);
		}
		if (update == null || PacketLineIn.isEnd(update)) {
			return Result.unsettled("the remote reported nothing for " + ref);
		}
		if (update.equals("ok " + ref)) {
			return Result.pushed();
		}
		String reason = update.startsWith("ng " + ref + " ") ? update.substring(("ng " + ref + " ").length()) : update;
		return movedBranch(reason) ? Result.moved() : Result.unsettled("the remote refused " + ref + ": " + reason);
	}

	/**
	 * Whether a server's reason for refusing a ref update says the branch was not at the
	 * expected commit by the time it moved it (another push came between the
	 * advertisement and the update, or held the ref's lock): C git's receive-pack words,
	 * whichever client pushed.
	 */
	static boolean movedBranch(String reason) {
		return reason != null && (reason.contains("failed to update ref") || reason.contains("lock")
				|| reason.contains("atomic transaction failed") || reason.contains("stale info")
				|| reason.contains("non-fast-forward") || reason.contains("fetch first"));
	}

	/**
	 * How a push through {@link SendPack} ended.
	 *
	 * @param reason for an unsettled push, why
	 */
	record Result(Outcome outcome, String reason) {

		static Result pushed() {
			return new Result(Outcome.PUSHED, null);
		}

		static Result moved() {
			return new Result(Outcome.MOVED, null);
		}

		static Result unsettled(String reason) {
			return new Result(Outcome.UNSETTLED, reason);
		}

	}

	enum Outcome {

		/**
		 * The remote's branch is at the tip.
		 */
		PUSHED,

		/**
		 * The remote's branch was not at the expected commit; nothing changed.
		 */
		MOVED,

		/**
		 * No definite answer: the caller pushes again another way.
		 */
		UNSETTLED

	}

	/**
	 * The refs and capabilities a receive-pack server announces first.
	 */
	private record Advertisement(Map<String, ObjectId> refs, Set<String> capabilities) {

		static Advertisement read(PacketLineIn in) throws IOException {
			Map<String, ObjectId> refs = new HashMap<>();
			Set<String> capabilities = new HashSet<>();
			boolean first = true;
			for (String line = in.readString(); !PacketLineIn.isEnd(line); line = in.readString()) {
				if (line.startsWith("ERR ")) {
					throw new IOException("The GitOps remote said: " + line.substring(4));
				}
				if (line.startsWith("version ")) {
					continue;
				}
				if (first) {
					int nul = line.indexOf('\0');
					if (nul >= 0) {
						capabilities.addAll(List.of(line.substring(nul + 1).strip().split(" ")));
						line = line.substring(0, nul);
					}
					first = false;
				}
				if (line.length() < 42 || line.charAt(40) != ' ') {
					throw new IOException("Not a ref advertisement: " + line);
				}
				refs.put(line.substring(41), ObjectId.fromString(line.substring(0, 40)));
			}
			return new Advertisement(refs, capabilities);
		}

		ObjectId head(String ref) {
			return this.refs.get(ref);
		}

	}

}
