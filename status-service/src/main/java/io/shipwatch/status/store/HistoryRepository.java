package io.shipwatch.status.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Status history reads through micronaut-data. Rows are appended by {@link DeploymentStore}
 * in the same statement as the change they record.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface HistoryRepository extends GenericRepository<HistoryRow, Long> {

    /**
     * The latest {@code perDeployment} entries of each given deployment, oldest first per
     * deployment, with each deployment's total, in a single statement whatever the number of ids.
     */
    @Query(value = """
            select deployment_id, state, description, actor, log_url, revision, recorded_at, total
            from (select h.*, row_number() over w as newest_rank, count(*) over (partition by deployment_id) as total
                  from status_history h
                  where deployment_id in (:ids)
                  window w as (partition by deployment_id order by id desc)) ranked
            where newest_rank <= :perDeployment
            order by deployment_id, revision""", nativeQuery = true)
    List<HistoryView> findLatest(Collection<UUID> ids, int perDeployment);
}
