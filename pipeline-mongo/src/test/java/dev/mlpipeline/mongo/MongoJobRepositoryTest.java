package dev.mlpipeline.mongo;

import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.testing.JobRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoJobRepositoryTest extends JobRepositoryContract {
    @RegisterExtension
    static final MongoTestDatabase MONGO = new MongoTestDatabase();

    @Override
    protected JobRepository createRepository() {
        MongoJobRepository repository = new MongoJobRepository(MONGO.database());
        repository.ensureIndexes();
        return repository;
    }
}
