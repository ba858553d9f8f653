package health.haven.gitops.repository;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the repository's packs few, so that finding an object stays quick, without
 * rewriting the whole repository whenever the writer's passes (one small pack each) have
 * piled up.
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
 */
final class PackCompaction {

	static final int COMPACT_AT_PACKS = 50;

	private static final Logger logger = LoggerFactory.getLogger(PackCompaction.class);

	private final FileRepository repository;

	private final ObjectDirectory directory;

	PackCompaction(FileRepository repository) {
		this.repository = repository;
		this.directory = repository.getObjectDatabase();
	}

	/**
	 * Combines the small packs once there are many.
	 * @return whether it did
	 */
	boolean compactIfNeeded() throws IOException {
		List<Pack> packs = new ArrayList<>(this.directory.getPacks());
		if (packs.size() < COMPACT_AT_PACKS) {
			return false;
		}
		long start = System.nanoTime();
		List<Pack> toCombine = smallerThanHalfOfTheRest(packs);
		if (toCombine.size() == packs.size()) {
			repackAll();
		}
		else {
			combine(toCombine);
		}
		logger.info("Combined {} of {} packs of the GitOps repository in {} ms ({}), {} pack(s) left", toCombine.size(),
				packs.size(), (System.nanoTime() - start) / 1_000_000,
				(toCombine.size() == packs.size()) ? "a full repack" : "the largest kept as they are",
				this.directory.getPacks().size());
		return true;
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
	 * Writes one pack of the objects of the given packs, then removes them: a pack
	 * appears when its index does, so a crash leaves the objects in the old packs, the
	 * new one, or both.
	 */
	private void combine(List<Pack> packs) throws IOException {
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
			List<RevObject> objects = new ArrayList<>();
			Set<ObjectId> seen = new HashSet<>();
			for (Pack pack : packs) {
				for (PackIndex.MutableEntry entry : pack) {
					// a pass may have written an object an earlier one holds already
					ObjectId id = entry.toObjectId();
					if (seen.add(id)) {
						objects.add(walk.lookupAny(id, reader.open(id).getType()));
					}
				}
			}
			writer.preparePack(objects.iterator());
			// on disk before the packs it replaces are removed
			try (FileOutputStream out = new FileOutputStream(temporaryPack)) {
				writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
				out.getFD().sync();
			}
			try (FileOutputStream out = new FileOutputStream(temporaryIndex)) {
				writer.writeIndex(out);
				out.getFD().sync();
			}
			String name = "pack-" + writer.computeName().name();
			File pack = new File(packDirectory, name + ".pack");
			Files.move(temporaryPack.toPath(), pack.toPath(), StandardCopyOption.ATOMIC_MOVE);
			Files.move(temporaryIndex.toPath(), new File(packDirectory, name + ".idx").toPath(),
					StandardCopyOption.ATOMIC_MOVE);
			this.directory.openPack(pack);
		}
		finally {
			Files.deleteIfExists(temporaryPack.toPath());
			Files.deleteIfExists(temporaryIndex.toPath());
		}
		for (Pack old : packs) {
			old.close();
			// the pack first, as JGit's own repack removes an old pack
			Files.deleteIfExists(old.getPackFile().toPath());
			for (PackExt extension : PackExt.values()) {
				if (extension != PackExt.PACK) {
					Files.deleteIfExists(old.getPackFile().create(extension).toPath());
				}
			}
		}
		// the only way to make JGit forget the removed packs: it scans the folder again
		this.directory.close();
	}

	private void repackAll() throws IOException {
		GC gc = new GC(this.repository);
		// the packs it replaces go at once: by default JGit keeps any younger than an
		// hour. Only this process reads the repository, and JGit finds an object again in
		// the new pack when a pack it had open is gone. (Pack files carry the machine's
		// time, not the portal's clock.)
		gc.setPackExpire(Instant.now());
		// bitmaps were about 40% of a repack's time in the benchmark; the writer's pushes
		// do not use them
		PackConfig packs = new PackConfig(this.repository);
		packs.setBuildBitmaps(false);
		gc.setPackConfig(packs);
		try {
			gc.gc().get();
		}
		catch (ParseException | ExecutionException | GitAPIException ex) {
			throw new IOException("Could not repack the GitOps repository: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while repacking the GitOps repository", ex);
		}
	}

}
