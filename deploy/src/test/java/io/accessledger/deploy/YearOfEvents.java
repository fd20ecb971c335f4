package io.accessledger.deploy;

import java.util.List;

/**
 * How many events of each type an organisation of 10,000 employees writes in a year: the volume model behind the
 * storage growth in docs/RETENTION.md. Each line says where its count comes from; change the model here and the
 * document together ({@link StorageGrowthTest} checks that they agree).
 */
final class YearOfEvents {
    /** One event type's yearly count; {@code proxyCeType} stands in for a type without a golden sample yet. */
    record Line(String ceType, long perYear, String basis) {
    }

    static final long EMPLOYEES = 10_000;
    private static final long HIRES = 1_500;           // 15 % turnover
    private static final long LEAVERS = 1_500;
    private static final long MOVERS = 1_000;          // 10 % change position in a year
    private static final long BIRTHRIGHT = HIRES * 3;  // three birthright requests per joiner
    private static final long MOVER_REQUESTS = MOVERS * 2;
    private static final long AD_HOC = EMPLOYEES * 5;  // five requests per person per year
    private static final long REQUESTS = BIRTHRIGHT + MOVER_REQUESTS + AD_HOC;
    private static final long HUMAN = AD_HOC * 6 / 10; // 60 % of ad-hoc requests need a person's decision
    private static final long DENIED = HUMAN / 10;
    private static final long APPROVED = REQUESTS - DENIED - REQUESTS / 50;
    private static final long HELD = EMPLOYEES * 25;   // grants held at any time
    /** Yearly reviews: every grant once, the 10 % privileged or SOX-tagged quarterly. */
    private static final long REVIEW_ITEMS = HELD * 9 / 10 + HELD / 10 * 4;
    private static final long REVIEW_REVOKED = REVIEW_ITEMS / 20;
    private static final long REVOCATIONS = LEAVERS * 25 + MOVERS * 3 + REVIEW_REVOKED;

    static final List<Line> LINES = List.of(
            new Line("accessledger.identity.employee-hired.v1", HIRES, "15 % turnover"),
            new Line("accessledger.identity.employee-terminated.v1", LEAVERS, "15 % turnover"),
            new Line("accessledger.identity.employee-transferred.v1", MOVERS, "10 % movers"),
            new Line("accessledger.identity.employee-updated.v1", EMPLOYEES, "one HRIS change per person"),
            new Line("accessledger.request.submitted.v1", REQUESTS,
                    "3 birthright per joiner, 2 per mover, 5 ad-hoc per person"),
            new Line("accessledger.request.revised.v1", HUMAN / 20, "5 % of decided requests are returned"),
            new Line("accessledger.request.withdrawn.v2", REQUESTS / 50, "2 % withdrawn"),
            new Line("accessledger.request.servicenow-item-updated.v1", REQUESTS / 5 * 3,
                    "20 % arrive from ServiceNow, 3 write-backs each"),
            new Line("accessledger.policy.evaluated.v1", REQUESTS + HUMAN / 20, "every submission and revision"),
            new Line("accessledger.policy.conflict-flagged.v1", REQUESTS / 20, "5 % collide with held access"),
            new Line("accessledger.policy.published.v1", 50, "about one policy version a week"),
            new Line("accessledger.approval.task-opened.v1", HUMAN * 3 / 2, "1.5 stages per decided request"),
            new Line("accessledger.approval.manager-approved.v1", HUMAN * 9 / 10, "the manager stage"),
            new Line("accessledger.approval.stage-approved.v1", HUMAN / 2, "security, owner, IAM stages"),
            new Line("accessledger.approval.manager-rejected.v1", DENIED * 2 / 3, "two thirds of denials"),
            new Line("accessledger.approval.access-denied.v1", DENIED, "10 % of decided requests"),
            new Line("accessledger.approval.revision-requested.v1", HUMAN / 20, "5 % returned"),
            new Line("accessledger.approval.task-reminded.v1", HUMAN * 3 / 10, "30 % need a reminder"),
            new Line("accessledger.approval.task-escalated.v1", HUMAN / 20, "5 % escalate"),
            new Line("accessledger.approval.task-delegated.v1", HUMAN / 30, "3 % delegated"),
            new Line("accessledger.approval.access-approved.v1", APPROVED, "all but denied and withdrawn"),
            new Line("accessledger.provisioning.access-provisioned.v1", APPROVED, "every approval"),
            new Line("accessledger.provisioning.fulfilment-task-opened.v1", APPROVED / 5, "20 % on manual targets"),
            new Line("accessledger.provisioning.provisioning-failed.v1", APPROVED / 20, "5 % fail once"),
            new Line("accessledger.provisioning.provisioning-retried.v1", APPROVED / 20, "and are retried"),
            new Line("accessledger.provisioning.access-revoked.v1", REVOCATIONS,
                    "25 grants per leaver, 3 per mover, 5 % of review items"),
            new Line("accessledger.provisioning.access-expired.v1", APPROVED / 10, "10 % are time-limited"),
            new Line("accessledger.review.review-scheduled.v1", APPROVED, "every grant gets a review date"),
            new Line("accessledger.review.revocation-requested.v1", REVOCATIONS, "every revocation"),
            new Line("accessledger.review.access-review-requested.v1", REVIEW_ITEMS,
                    "25 grants per person: 90 % yearly, 10 % quarterly"),
            new Line("accessledger.review.access-certified.v1", REVIEW_ITEMS - REVIEW_REVOKED, "95 % certified"),
            new Line("accessledger.review.access-review-rejected.v1", REVIEW_REVOKED, "5 % revoked"),
            new Line("accessledger.review.reminder-sent.v1", REVIEW_ITEMS * 3 / 10, "30 % need a reminder"));

    private YearOfEvents() {
    }
}
