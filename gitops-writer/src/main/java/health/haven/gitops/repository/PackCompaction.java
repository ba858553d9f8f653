package health.haven.gitops.repository;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.CancelledException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.EmptyProgressMonitor;
import org.eclipse.jgit.lib.GcConfig;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the repository's packs few, so that finding an object stays quick, without
 * rewriting the whole repository whenever the writer's passes (one small pack each) have
 * piled up, and without making the writer wait for it.
 *
 * <p>
 * The packs are kept in a geometric progression, as C git's {@code repack --geometric=2}
 * does: from the largest down, a pack stays while it holds at least twice as many objects
 * as all smaller ones together; the rest are combined into one. The combined pack reuses
 * the stored objects as they are. Only when the largest pack itself would be combined
 * does a full repack run (JGit's GC: deltas, unreachable objects dropped), once the
 * repository has taken about half as many objects again as it had. Measured on the
 * benchmark's repository of 100,000 environment folders: a full repack took 4.8–8.8 s and
 * used to run every 50 passes.
 *
 * <p>
 * What is due is decided by {@link #due} between two passes; the work itself runs beside
 * the writer's later passes. It removes only packs that were on disk when it was decided,
 * and only once every object in them is in a new pack, also those no ref reaches (see
 * {@link #repackAll}): a later pass builds on the former and may find the latter again.
 * Their indexes go with the next compaction (see {@link #remove}).
 */
final class PackCompaction {

	static final int COMPACT_AT_PACKS = 50;

	private static final Logger logger = LoggerFactory.getLogger(PackCompaction.class);

	private final FileRepository repository;

	private final ObjectDirectory directory;

	// the packs on disk when the compaction was decided, and those of them to combine
	private final List<Pack> packs;

	private final List<Pack> toCombine;

	private PackCompaction(FileRepository repository, List<Pack> packs, List<Pack> toCombine) {
		this.repository = repository;
		this.directory = repository.getObjectDatabase();
		this.packs = packs;
		this.toCombine = toCombine;
	}

	/**
	 * The compaction due now that many small packs have gathered, if any. The writer asks
	 * between passes; a pass under way would lose nothing either (a full repack keeps
	 * what no ref reaches yet), but its objects would be copied once more.
	 */
	static Optional<PackCompaction> due(FileRepository repository) throws IOException {
		List<Pack> packs = new ArrayList<>(repository.getObjectDatabase().getPacks());
		if (packs.size() < COMPACT_AT_PACKS) {
			return Optional.empty();
		}
		return Optional.of(new PackCompaction(repository, packs, smallerThanHalfOfTheRest(packs)));
	}

	/**
	 * Combines the small packs, or repacks everything when the largest is among them.
	 * @param cancelled asked now and then; when it answers true, the compaction stops and
	 * leaves every pack it was to replace
	 */
	void run(BooleanSupplier cancelled) throws IOException {
		long start = System.nanoTime();
		removeIndexesWithoutPacks();
		boolean full = this.toCombine.size() == this.packs.size();
		ProgressMonitor monitor = new EmptyProgressMonitor() {

			@Override
			public boolean isCancelled() {
				return cancelled.getAsBoolean();
			}

		};
		if (full) {
			repackAll(monitor);
		}
		else {
			combine(monitor);
		}
		logger.info("Combined {} of {} packs of the GitOps repository in {} ms ({}), {} pack(s) left",
				this.toCombine.size(), this.packs.size(), (System.nanoTime() - start) / 1_000_000,
				full ? "a full repack" : "the largest kept as they are", this.directory.getPacks().size());
	}

	/**
	 * The packs to combine: from the largest down, the first that holds fewer than twice
	 * the objects of all smaller ones together, and every smaller one.
	 */
	private static List<Pack> smallerThanHalfOfTheRest(List<Pack> packs) throws IOException {
		List<Sized> largestFirst = new ArrayList<>();
		long smaller = 0;
		for (Pack pack : packs) {
			Sized sized = new Sized(pack, pack.getIndex().getObjectCount());
			largestFirst.add(sized);
			smaller += sized.objects();
		}
		largestFirst.sort(Comparator.comparingLong(Sized::objects).reversed());
		int kept = 0;
		for (Sized pack : largestFirst) {
			smaller -= pack.objects();
			if (pack.objects() < 2 * smaller) {
				break;
			}
			kept++;
		}
		return largestFirst.subList(kept, largestFirst.size()).stream().map(Sized::pack).toList();
	}

	private record Sized(Pack pack, long objects) {
	}

	/**
	 * Writes one pack of the objects of the packs to combine, then removes them: a pack
	 * appears when its index does, so a crash leaves the objects in the old packs, the
	 * new one, or both.
	 */
	private void combine(ProgressMonitor monitor) throws IOException {
		Set<ObjectId> objects = new LinkedHashSet<>();
		for (Pack pack : this.toCombine) {
			// a pass may have written an object an earlier one holds already
			pack.forEach((entry) -> objects.add(entry.toObjectId()));
			stopIfCancelled(monitor);
		}
		remove(this.toCombine, Set.of(writePack(objects, monitor)));
	}

	/**
	 * Writes a pack of the given objects as they are stored (no new deltas), synced to
	 * disk, and makes it known to JGit.
	 * @return the pack's file name
	 */
	private String writePack(Collection<ObjectId> ids, ProgressMonitor monitor) throws IOException {
		PackConfig config = new PackConfig(this.repository);
		config.setDeltaCompress(false);
		config.setBuildBitmaps(false);
		File packDirectory = this.directory.getPackDirectory();
		// JGit's own temporary names: its next full repack removes what a crash left
		File temporaryPack = File.createTempFile("gc_", PackExt.PACK.getTmpExtension(), packDirectory);
		File temporaryIndex = new File(packDirectory,
				temporaryPack.getName().replace(PackExt.PACK.getTmpExtension(), PackExt.INDEX.getTmpExtension()));
		try (ObjectReader reader = this.repository.newObjectReader();
				RevWalk walk = new RevWalk(reader);
				PackWriter writer = new PackWriter(config, reader)) {
			List<RevObject> objects = new ArrayList<>(ids.size());
			for (ObjectId id : ids) {
				objects.add(walk.lookupAny(id, reader.open(id).getType()));
			}
			writer.preparePack(objects.iterator());
			// on disk before the packs it replaces are removed
			try (FileOutputStream out = new FileOutputStream(temporaryPack)) {
				writer.writePack(monitor, monitor, out);
				out.getFD().sync();
			}
			try (FileOutputStream out = new FileOutputStream(temporaryIndex)) {
				writer.writeIndex(out);
				out.getFD().sync();
			}
			String name = "pack-" + writer.computeName().name() + ".pack";
			File pack = new File(packDirectory, name);
			if (!pack.exists()) {
				// a pack's name is the hash of its objects: one of that name holds them
				// already
				Files.move(temporaryPack.toPath(), pack.toPath(), StandardCopyOption.ATOMIC_MOVE);
				Files.move(temporaryIndex.toPath(), new File(packDirectory, name.replace(".pack", ".idx")).toPath(),
						StandardCopyOption.ATOMIC_MOVE);
				this.directory.openPack(pack);
			}
			return name;
		}
		finally {
			Files.deleteIfExists(temporaryPack.toPath());
			Files.deleteIfExists(temporaryIndex.toPath());
		}
	}

	private static void stopIfCancelled(ProgressMonitor monitor) throws CancelledException {
		if (monitor.isCancelled()) {
			throw new CancelledException("Stopped combining the GitOps repository's packs");
		}
	}

	/**
	 * Removes the replaced packs, but none of the new ones (a pack's name is the hash of
	 * its objects, so a new pack may bear an old one's name). Their indexes stay until
	 * the next compaction: the writer may be reading JGit's list of packs as it was, and
	 * JGit warns of every pack in it whose index is gone (a bench run logged dozens per
	 * compaction), while a pack gone under a readable index it quietly drops.
	 */
	private void remove(List<Pack> replaced, Set<String> written) throws IOException {
		for (Pack old : replaced) {
			if (!written.contains(old.getPackFile().getName())) {
				Files.deleteIfExists(old.getPackFile().toPath());
			}
		}
		// the only way to make JGit forget the removed packs: it lists them anew
		this.directory.close();
	}

	/**
	 * Removes the indexes (and the other files) of packs that are gone: those the last
	 * compaction replaced, or a crash left behind.
	 */
	private void removeIndexesWithoutPacks() throws IOException {
		File packDirectory = this.directory.getPackDirectory();
		File[] files = packDirectory.listFiles();
		if (files == null) {
			return;
		}
		for (File file : files) {
			String name = file.getName();
			int dot = name.lastIndexOf('.');
			if (!name.startsWith("pack-") || dot < 0 || name.endsWith(".pack") || name.endsWith(".keep")) {
				continue;
			}
			String extension = name.substring(dot + 1);
			boolean packFile = Arrays.stream(PackExt.values())
				.anyMatch((ext) -> ext != PackExt.PACK && ext.getExtension().equals(extension));
			if (packFile && !new File(packDirectory, name.substring(0, dot) + ".pack").exists()) {
				Files.deleteIfExists(file.toPath());
			}
		}
	}

	/**
	 * Repacks what the refs reach with JGit's GC, then removes the packs that were on
	 * disk when the compaction was decided: the passes written meanwhile keep theirs.
	 *
	 * <p>
	 * What GC leaves out (no ref reached it when GC read them: the objects of a pass that
	 * never landed) goes into a pack of its own first. A pass running meanwhile may have
	 * found such an object and not written it again: the retry of a pass that never
	 * landed writes the same objects, often the very same commit. These leftovers are few
	 * (the empty tree, a failed pass's files) and are kept: JGit does not mark an object
	 * found again as used, so no age would tell when one may go.
	 */
	private void repackAll(ProgressMonitor monitor) throws IOException {
		GC gc = new GC(this.repository);
		// GC removes no pack itself (by default it removes those older than an hour):
		// which packs may go is known here, not from their age
		gc.setPackExpire(Instant.EPOCH);
		// the writer moves the branch meanwhile; packing refs would take their locks
		gc.setGcConfig(new GcConfig(GcConfig.PackRefsMode.FALSE));
		gc.setProgressMonitor(monitor);
		// bitmaps were about 40% of a repack's time in the benchmark; the writer's pushes
		// do not use them. One thread for the delta search leaves a CPU to the writer.
		PackConfig config = new PackConfig(this.repository);
		config.setBuildBitmaps(false);
		config.setThreads(1);
		gc.setPackConfig(config);
		Collection<Pack> written;
		try {
			written = gc.gc().get();
		}
		catch (ParseException | ExecutionException | GitAPIException ex) {
			throw new IOException("Could not repack the GitOps repository: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while repacking the GitOps repository", ex);
		}
		if (written.isEmpty()) {
			// another GC held JGit's lock on the repository: it did nothing
			return;
		}
		Set<String> kept = written.stream().map((pack) -> pack.getPackFile().getName()).collect(Collectors.toSet());
		Set<ObjectId> leftovers = new LinkedHashSet<>();
		for (Pack old : this.packs) {
			for (PackIndex.MutableEntry entry : old) {
				ObjectId id = entry.toObjectId();
				if (!holds(written, id)) {
					leftovers.add(id);
				}
			}
			stopIfCancelled(monitor);
		}
		if (!leftovers.isEmpty()) {
			kept.add(writePack(leftovers, monitor));
		}
		remove(this.packs, kept);
	}

	private static boolean holds(Collection<Pack> packs, ObjectId id) throws IOException {
		for (Pack pack : packs) {
			if (pack.hasObject(id)) {
				return true;
			}
		}
		return false;
	}

}
