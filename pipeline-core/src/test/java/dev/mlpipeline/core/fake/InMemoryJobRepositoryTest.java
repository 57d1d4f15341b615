package dev.mlpipeline.core.fake;

import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.JobRepositoryContract;

class InMemoryJobRepositoryTest extends JobRepositoryContract {
    @Override
    protected JobRepository createRepository() {
        return new InMemoryJobRepository();
    }
}
