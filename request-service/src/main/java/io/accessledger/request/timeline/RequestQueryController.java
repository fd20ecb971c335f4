package io.accessledger.request.timeline;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.Blocking;
import io.accessledger.web.Caller;
import java.util.List;
import java.util.Set;
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
    private final RequestView requests;
    private final DirectoryView directory;

    public RequestQueryController(RequestView requests, DirectoryView directory) {
        this.requests = requests;
        this.directory = directory;
    }

    public record Page(List<RequestView.Request> items, int page, int size) {
    }

    @GetMapping("/api/v1/access-requests/{requestId}")
    public Mono<RequestView.Request> get(@PathVariable String requestId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return Blocking.call(() -> {
            // An unknown id is a 404 only to the overseers, who may read every request; anyone else gets the 403 of
            // someone else's request, so that an id does not tell whether its request exists.
            RequestView.Request request = requests.find(requestId).orElseThrow(() -> overseer(caller)
                    ? ApiProblem.notFound("Access request " + requestId) : notParty(requestId));
            if (!maySee(caller, request)) {
                throw notParty(requestId);
            }
            return request;
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
        EmployeeId partyOf = overseer(caller) ? null : caller.employeeId();
        return Blocking.call(() -> new Page(requests.page(partyOf, beneficiaryId, status, page, size), page, size));
    }

    private static ApiProblem notParty(String requestId) {
        return ApiProblem.forbidden("You are neither party to request " + requestId + " nor an overseer");
    }

    private static boolean overseer(Caller caller) {
        return caller.roles().stream().anyMatch(OVERSIGHT::contains);
    }

    private boolean maySee(Caller caller, RequestView.Request request) {
        String me = caller.employeeId().value();
        if (me.equals(request.requesterId()) || me.equals(request.beneficiaryId()) || overseer(caller)) {
            return true;
        }
        return directory.find(EmployeeId.of(request.beneficiaryId()))
                .map(profile -> caller.employeeId().equals(profile.managerId())).orElse(false);
    }
}
