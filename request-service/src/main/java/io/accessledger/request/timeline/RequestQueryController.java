package io.accessledger.request.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/access-requests[/{id}]}: status, flags, conditions and the timeline from every service. */
@RestController
public class RequestQueryController {
    private static final Set<String> OVERSIGHT = Set.of(Caller.IAM, Caller.SECURITY, Caller.COMPLIANCE,
            Caller.AUDITOR, Caller.ADMIN);
    private final JdbcTemplate jdbc;
    private final DirectoryView directory;
    private final ObjectMapper json = EventJson.mapper();

    public RequestQueryController(JdbcTemplate jdbc, DirectoryView directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    public record TimelineEntry(String type, Instant at, String actorId, String reason, Object details) {
    }

    public record RequestView(String requestId, String status, String requesterId, String beneficiaryId,
            String resourceId, String accessLevel, String justification, String accessDuration, String bundleId,
            String source, Boolean exceedsStandardProfile, List<String> flags, Object conditions, String grantId,
            Instant submittedAt, List<TimelineEntry> timeline) {
    }

    public record Page(List<RequestView> items, int page, int size) {
    }

    @GetMapping("/api/v1/access-requests/{requestId}")
    public Mono<RequestView> get(@PathVariable String requestId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> {
            List<RequestView> found = jdbc.query("select * from request_view where request_id = ?"
                    + " and requester_id is not null", this::summary, requestId);
            if (found.isEmpty()) {
                throw ApiProblem.notFound("Access request " + requestId);
            }
            RequestView view = found.get(0);
            if (!maySee(caller, view)) {
                throw ApiProblem.forbidden("You are neither party to request " + requestId + " nor an overseer");
            }
            return withTimeline(view);
        });
    }

    @GetMapping("/api/v1/access-requests")
    public Mono<Page> list(@RequestParam(required = false) String beneficiaryId,
            @RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size, Authentication authentication) {
        if (page < 0 || size < 1 || size > 200) {
            return Mono.error(ApiProblem.invalid("size", "page must be >= 0 and size between 1 and 200"));
        }
        Caller caller = Caller.of(authentication);
        boolean oversight = caller.roles().stream().anyMatch(OVERSIGHT::contains);
        StringBuilder sql = new StringBuilder("select * from request_view where requester_id is not null");
        List<Object> args = new ArrayList<>();
        if (!oversight) {
            sql.append(" and (requester_id = ? or beneficiary_id = ?)");
            args.add(caller.employeeId().value());
            args.add(caller.employeeId().value());
        }
        if (beneficiaryId != null) {
            sql.append(" and beneficiary_id = ?");
            args.add(beneficiaryId);
        }
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status);
        }
        sql.append(" order by submitted_at desc, request_id limit ? offset ?");
        args.add(size);
        args.add(page * size);
        return Blocking.call(() -> new Page(jdbc.query(sql.toString(), this::summary, args.toArray()), page, size));
    }

    private boolean maySee(Caller caller, RequestView view) {
        String me = caller.employeeId().value();
        if (me.equals(view.requesterId()) || me.equals(view.beneficiaryId())
                || caller.roles().stream().anyMatch(OVERSIGHT::contains)) {
            return true;
        }
        return directory.find(EmployeeId.of(view.beneficiaryId()))
                .map(profile -> caller.employeeId().equals(profile.managerId())).orElse(false);
    }

    private RequestView withTimeline(RequestView view) {
        List<TimelineEntry> timeline = jdbc.query("""
                select type, at, actor_id, reason, details from request_timeline
                where request_id = ? order by at, seq""", (row, n) -> new TimelineEntry(row.getString("type"),
                row.getTimestamp("at").toInstant(), row.getString("actor_id"), row.getString("reason"),
                tree(row.getString("details"))), view.requestId());
        return new RequestView(view.requestId(), view.status(), view.requesterId(), view.beneficiaryId(),
                view.resourceId(), view.accessLevel(), view.justification(), view.accessDuration(), view.bundleId(),
                view.source(), view.exceedsStandardProfile(), view.flags(), view.conditions(), view.grantId(), view.submittedAt(),
                timeline);
    }

    private RequestView summary(ResultSet row, int n) throws SQLException {
        String requestId = row.getString("request_id");
        List<String> flags = jdbc.queryForList("select flag from request_flag where request_id = ? order by flag",
                String.class, requestId);
        return new RequestView(requestId, row.getString("status"), row.getString("requester_id"),
                row.getString("beneficiary_id"), row.getString("resource_id"), row.getString("access_level"),
                row.getString("justification"), row.getString("access_duration"), row.getString("bundle_id"),
                row.getString("source"), (Boolean) row.getObject("exceeds_standard_profile"), flags, tree(row.getString("conditions")),
                row.getString("grant_id"), row.getTimestamp("submitted_at").toInstant(), List.of());
    }

    /** Plain maps and lists: the HTTP layer (Jackson 3) writes them as they are. */
    private Object tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
