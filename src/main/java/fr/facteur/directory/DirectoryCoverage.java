package fr.facteur.directory;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * For the configuration check: which recipients (SIRETs) and service codes the tenants' invoices were addressed to
 * that the imported directory does not hold (or holds as inactive). Intake rejects such invoices once a directory is
 * imported, so an entry here is either a supplier sending to a wrong recipient, or an invoice received before the
 * directory was imported or replaced: a directory file missing a structure, or a supplier's customer gone.
 * Empty until a directory import succeeded (there is nothing to compare with).
 */
@Component
public class DirectoryCoverage {

    private final JdbcTemplate jdbc;
    private final DirectoryRepository directory;

    public DirectoryCoverage(JdbcTemplate jdbc, DirectoryRepository directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    /**
     * @param serviceCode null when the recipient itself is the problem
     * @param problem     recipient-unknown | recipient-inactive | service-unknown | service-inactive
     * @param invoices    how many of the tenant's invoices went to that entry
     */
    public record UnknownEntry(String tenantId, String siret, String serviceCode, String problem, long invoices,
            OffsetDateTime lastSeen) {
    }

    /** Grouped by tenant and entry, worst first within a tenant; one query, however many invoices. */
    public List<UnknownEntry> unknownEntries() {
        if (!directory.hasDirectory()) {
            return List.of();
        }
        // the pseudo-service FACTURES_PUBLIQUES means "no service", as in DirectoryRules
        return jdbc.query("""
                with sent as (
                    select i.tenant_id, i.buyer_siret as siret,
                           case when upper(coalesce(trim(i.service_code), '')) in ('', ?) then null
                                else trim(i.service_code) end as code,
                           i.created_at
                    from invoice i where coalesce(trim(i.buyer_siret), '') <> ''),
                judged as (
                    select sent.*,
                           case when s.siret is null then 'recipient-unknown'
                                when not s.active then 'recipient-inactive'
                                when sent.code is null then null
                                when ds.code is null then 'service-unknown'
                                when not ds.active then 'service-inactive' end as problem
                    from sent
                    left join directory_structure s on s.siret = sent.siret
                    left join directory_service ds on ds.siret = sent.siret and ds.code = sent.code)
                select tenant_id, siret,
                       case when problem like 'service-%' then code end as code,
                       problem, count(*) as invoices, max(created_at) as last_seen
                from judged where problem is not null
                group by tenant_id, siret, case when problem like 'service-%' then code end, problem
                order by tenant_id, problem, siret, code""",
                (rs, i) -> new UnknownEntry(rs.getString("tenant_id"), rs.getString("siret"), rs.getString("code"),
                        rs.getString("problem"), rs.getLong("invoices"),
                        rs.getObject("last_seen", OffsetDateTime.class)),
                DirectoryRules.PSEUDO_SERVICE);
    }
}
