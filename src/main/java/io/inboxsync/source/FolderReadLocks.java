package io.inboxsync.source;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read locks of folder sources (the file consumer's
 * {@code readLock=idempotent-changed}), in the database every instance shares, so that a
 * file of a folder several instances watch (a network share, where marker files are not
 * reliable) is read by one of them. Camel's JDBC repository that renews the locks its
 * instance holds and takes over those of an instance that died (not renewed for the
 * expiry), on table {@code inbox_sync_folder_lock}.
 * <p>
 * Camel's repository (4.18) grants a lock to every instance that found it free or
 * expired, though they raced for it, and takes an expired lock over by refreshing its
 * time without renewing it afterwards. Here each row names its holder, who alone renews
 * or releases it; an expired row is deleted and inserted again, so that the primary key
 * lets exactly one instance in; and a lock is granted only to the instance whose row it
 * is. That the holder alone releases also matters because the file consumer removes the
 * key of every file it listed but did not take, those another instance holds included.
 */
public class FolderReadLocks extends JdbcOrphanLockAwareIdempotentRepository {

	/**
	 * How long the lock of an instance that stopped renewing it (it died) keeps its file
	 * from the others ({@code InboxSyncProperties.Folders}, at least 1 s).
	 */
	public static final String EXPIRY_PROPERTY = "inbox-sync.folders.read-lock-expiry";

	static final String PROCESSOR_NAME = "inbox-sync-folders";

	private static final String LIVE_LOCKS = "SELECT COUNT(*) FROM inbox_sync_folder_lock"
			+ " WHERE processor_name = ? AND lock_key = ? AND locked_at >= ?";

	private static final String DELETE_EXPIRED = "DELETE FROM inbox_sync_folder_lock"
			+ " WHERE processor_name = ? AND lock_key = ? AND locked_at < ?";

	private final Duration expiry;

	private final String holder;

	private final ScheduledThreadPoolExecutor releases = new ScheduledThreadPoolExecutor(1,
			new CustomizableThreadFactory("folder-read-lock-release-"));

	public FolderReadLocks(DataSource dataSource, CamelContext camelContext, Duration expiry) {
		this(dataSource, camelContext, expiry, newHolder());
	}

	FolderReadLocks(DataSource dataSource, CamelContext camelContext, Duration expiry, String holder) {
		super(dataSource, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), PROCESSOR_NAME,
				camelContext);
		if (!holder.matches("[A-Za-z0-9@._/-]{1,200}")) {
			throw new IllegalArgumentException("a lock holder is letters, digits and @._/- only");
		}
		this.expiry = expiry;
		this.holder = holder;
		setLockMaxAgeMillis(expiry.toMillis());
		// Renewed four times per expiry: a renewal or two may fail (a busy database)
		// without the lock being taken for dead.
		setLockKeepAliveIntervalMillis(expiry.toMillis() / 4);
		setCreateTableIfNotExists(false);
		setTableExistsString("SELECT 1 FROM inbox_sync_folder_lock WHERE 1 = 0");
		setQueryString("SELECT COUNT(*) FROM inbox_sync_folder_lock WHERE processor_name = ? AND lock_key = ?");
		// The holder is written into the statements (checked above to need no quoting):
		// Camel gives them three parameters and renews with the same statement it takes
		// over with.
		String heldByThisInstance = " AND locked_by = '" + holder + "'";
		setInsertString("INSERT INTO inbox_sync_folder_lock (processor_name, lock_key, locked_at, locked_by)"
				+ " VALUES (?, ?, ?, '" + holder + "')");
		setUpdateTimestampQuery("UPDATE inbox_sync_folder_lock SET locked_at = ?"
				+ " WHERE processor_name = ? AND lock_key = ?" + heldByThisInstance);
		setDeleteString(
				"DELETE FROM inbox_sync_folder_lock WHERE processor_name = ? AND lock_key = ?" + heldByThisInstance);
		setClearString("DELETE FROM inbox_sync_folder_lock WHERE processor_name = ?" + heldByThisInstance);
	}

	/**
	 * Where the file consumers schedule the release of a finished file's lock. Owned
	 * here, not by each consumer, so that stopping a source (its file reloaded) never
	 * waits for its pending releases; those still pending when inbox-sync stops are
	 * dropped, since stopping releases every lock anyway.
	 */
	public ScheduledExecutorService releases() {
		return this.releases;
	}

	/** Who holds this instance's locks, as the table shows it. */
	public String holder() {
		return this.holder;
	}

	/**
	 * Taken when no instance holds a live lock and this one's insert wins (Camel's
	 * answers yes on the first alone). One at a time within this instance: between two of
	 * its own threads, the holder column cannot tell who took a lock.
	 */
	@Override
	public synchronized boolean add(String key) {
		try {
			return Boolean.TRUE
				.equals(this.transactionTemplate.execute((status) -> queryForInt(key) == 0 && insert(key) != 0));
		}
		catch (DuplicateKeyException ex) {
			// Another instance inserted the lock first.
			return false;
		}
	}

	/** Whether an instance holds the lock and still renews it. */
	@Override
	protected int queryForInt(String key) {
		return this.jdbcTemplate.queryForObject(LIVE_LOCKS, Integer.class, this.processorName, key, expiredBefore());
	}

	/**
	 * Called when no live lock was found: the expired one a dead instance left goes
	 * first. Of several instances doing this at once, one inserts; the others meet its
	 * row (a duplicate key, or a row they may not renew) and do not get the lock.
	 */
	@Override
	protected int insert(String key) {
		this.jdbcTemplate.update(DELETE_EXPIRED, this.processorName, key, expiredBefore());
		return super.insert(key);
	}

	/**
	 * Releases this instance's locks as it stops (their files' routes have stopped), so
	 * no file waits for the expiry.
	 */
	@Override
	protected void doStop() throws Exception {
		try {
			clear();
		}
		catch (DataAccessException ex) {
			log.warn("Could not release the folder read locks of {} ({}); they expire after {}", this.holder,
					ex.getMessage(), this.expiry);
		}
		super.doStop();
	}

	@Override
	protected void doShutdown() throws Exception {
		this.releases.shutdownNow();
		super.doShutdown();
	}

	private Timestamp expiredBefore() {
		return new Timestamp(System.currentTimeMillis() - this.expiry.toMillis());
	}

	/**
	 * The process and host, for whoever reads the table, and a random part: a restarted
	 * process (pid 1 again, in a container) is another holder.
	 */
	private static String newHolder() {
		String process = ManagementFactory.getRuntimeMXBean().getName().replaceAll("[^A-Za-z0-9@._-]", "_");
		if (process.length() > 150) {
			process = process.substring(0, 150);
		}
		return process + "/" + UUID.randomUUID();
	}

}
