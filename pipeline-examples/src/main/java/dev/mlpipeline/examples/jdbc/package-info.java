/**
 * An example second store for the job queue: {@link dev.mlpipeline.examples.jdbc.JdbcJobRepository}, the
 * {@link dev.mlpipeline.core.port.JobRepository} port over JDBC, tested with H2 in memory against the same
 * {@code JobRepositoryContract} as the MongoDB adapter. It shows what the port asks of a store: atomic claims,
 * writes fenced by the attempt's token, leases that run out, and one open job per video.
 */
package dev.mlpipeline.examples.jdbc;
