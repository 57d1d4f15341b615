package dev.mlpipeline.examples.jdbc;

import static dev.mlpipeline.core.testing.Builders.T0;
import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlpipeline.core.domain.EndpointStats;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.testing.JobRepositoryContract;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDBC store against every promise of the port, over a fresh H2 database in memory per test. */
// snippet contract-suite
class JdbcJobRepositoryTest extends JobRepositoryContract {
    private JdbcDataSource dataSource;

    // each test of the suite gets a fresh, empty store
    @Override
    protected JobRepository createRepository() {
        dataSource = H2Databases.fresh("contract");
        JdbcJobRepository jobs = new JdbcJobRepository(dataSource);
        jobs.createSchema();
        return jobs;
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        H2Databases.drop(dataSource);
    }
    // end snippet contract-suite

    @Test
    void theSchemaMayBeCreatedAgain() {
        Job job = insertPending(T0);

        ((JdbcJobRepository) repository).createSchema();

        assertEquals(Optional.of(job), repository.findById(job.id()));
    }

    @Test
    void aResultWithEveryPartReadsBackAsWritten() {
        ProcessingStats stats = new ProcessingStats(90, 30, Map.of("person", 12L, "car", 3L), 15, 3.0000000000000004,
                null, 29.97, 640, 360, 2, Map.of("decode", 0.1 + 0.2, "wall", 1.3), Map.of("person", 4L),
                List.of(new EndpointStats("people", "ep-1", 28, 2, 12.5, 40.25, "timeout\nafter 5 s", null),
                        new EndpointStats("signs", "ep-2", 0, 0, 0, 0, null, "no such endpoint")));
        JobResult result = new JobResult("/uploads/a=b\\c.mp4", stats, null,
                List.of("decoded 2.0 s of 3.0 s", "line one\nline two\\n, not a break"), "/uploads/objects.geojson",
                null, Map.of("people", "/uploads/people.mp4", "signs", "/uploads/signs.mp4"));
        insertPending(T0);
        Job claimed = claim("w1", T0);
        repository.apply(JobLifecycle.start(claimed.token(), "Starting", T0));

        repository.apply(JobLifecycle.complete(claimed.token(), result, T0.plusSeconds(1)));

        assertEquals(result, repository.findById(claimed.id()).orElseThrow().result());
    }

    @Test
    void givenTheDatabaseCannotBeReached_thenTheStoreSaysSo() {
        JdbcDataSource nowhere = new JdbcDataSource();
        // nothing listens on the discard port of this machine: the connection is refused at once
        nowhere.setURL("jdbc:h2:tcp://127.0.0.1:9/mem:nowhere");
        JdbcJobRepository unreachable = new JdbcJobRepository(nowhere);

        assertThrows(StoreUnavailableException.class, () -> unreachable.findById(aPendingJob().build().id()));
        assertThrows(StoreUnavailableException.class, () -> unreachable.claimNext("w1", T0, RULES));
    }

    @Test
    void givenTheDatabaseWasShutDown_thenTheStoreSaysSo() throws SQLException {
        Job job = insertPending(T0);
        JdbcDataSource onlyIfThere = new JdbcDataSource();
        // IFEXISTS: a closed in-memory database is gone; without it H2 would open an empty one in its place
        onlyIfThere.setURL(dataSource.getURL() + ";IFEXISTS=TRUE");
        JdbcJobRepository jobs = new JdbcJobRepository(onlyIfThere);
        assertEquals(Optional.of(job), jobs.findById(job.id()));

        H2Databases.drop(dataSource);
        dataSource = H2Databases.fresh("contract"); // for the @AfterEach

        assertThrows(StoreUnavailableException.class, () -> jobs.findById(job.id()));
    }
}
