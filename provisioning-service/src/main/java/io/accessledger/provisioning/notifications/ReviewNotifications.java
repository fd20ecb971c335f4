package io.accessledger.provisioning.notifications;

import io.accessledger.events.DomainEvent;
import io.accessledger.events.Topic;
import io.accessledger.events.envelope.Envelope;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.review.AccessReviewRequested;
import io.accessledger.events.review.ReviewDelegated;
import io.accessledger.events.review.ReviewEscalated;
import io.accessledger.events.review.ReviewReminderSent;
import io.accessledger.events.review.UngovernedAccessReviewReminderSent;
import io.accessledger.events.review.UngovernedAccessReviewRequested;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.inbound.EventConsumer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The reviewers' notifications, from review-scheduler's events: the items of a campaign put before a reviewer, their
 * reminders and escalations (of grants, and of access that no grant explains), and a delegated item. A campaign
 * announces, reminds and escalates each item on its own (one event per item), so a reviewer with two hundred items
 * would get two hundred mails each time: these are sent <b>once per reviewer, campaign and round</b> instead — the
 * notification's id derives from those ({@link #digestOf}: the round is the announcement, a reminder's number, an
 * escalation's new due time), so the second item's event reaches a notification that was sent already, and the mail
 * names the campaign, not the item (its first item's finding, for ungoverned access). A delegation is one mail each
 * (addressed by the cause's {@code ce_id}, as the task notifications are). A person is addressed from the directory
 * (waited for when their identity has not arrived yet); a group's item goes to the group's configured queue address
 * ({@code accessledger.notifications.queues}) — a review group is named freely by whoever starts a campaign, so one
 * without an address is logged, not a dead letter; ungoverned access without an owner goes to the {@code IAM} queue.
 * Disabled ({@code accessledger.notifications.enabled=false}), it acknowledges every event and sends nothing.
 */
@Component
public class ReviewNotifications implements EventConsumer {
    private static final Logger log = LoggerFactory.getLogger(ReviewNotifications.class);

    private final CausedCommands commands;
    private final PeopleView directory;
    private final NotificationProperties properties;
    private final Clock clock;
    /**
     * The digests this instance has sent lately: a campaign of millions of items announces each on its own, and all
     * but a reviewer's first find their notification sent — skipped here without loading it. Only a shortcut: the
     * {@link Notification} aggregate stays what decides (another instance, a restart, an evicted entry ask it).
     */
    private final Set<String> sentDigests = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1_024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > RECENT_DIGESTS;
                }
            }));
    private static final int RECENT_DIGESTS = 10_000;

    public ReviewNotifications(CausedCommands commands, PeopleView directory, NotificationProperties properties,
            Clock clock) {
        this.commands = commands;
        this.directory = directory;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "review-notifications";
    }

    /** Record by record: the notification's command sends the mail while it is handled (see TaskNotifications). */
    @Override
    public boolean effectInTransaction() {
        return false;
    }

    @Override
    public Set<Topic> topics() {
        return Set.of(Topic.REVIEW);
    }

    @Override
    public boolean handles(Class<? extends DomainEvent> type) {
        return properties.enabled() && EventConsumer.isOneOf(type, AccessReviewRequested.class,
                ReviewReminderSent.class, ReviewEscalated.class, ReviewDelegated.class,
                UngovernedAccessReviewRequested.class, UngovernedAccessReviewReminderSent.class);
    }

    /** What a review event asks of someone: the template, whom, the notification it is, and the values. */
    record Notice(String template, EmployeeId person, String queue, String notificationId,
            Map<String, String> values) {
    }

    @Override
    public void handle(DomainEvent event, Envelope envelope) {
        if (!properties.enabled()) {
            return;
        }
        Notice notice = noticeOf(event, envelope);
        if (notice == null || sentDigests.contains(notice.notificationId())) {
            return;
        }
        Optional<Recipient> to = notice.person() != null ? Optional.of(Recipients.person(notice.person(), directory))
                : Recipients.queue(notice.queue(), properties);
        if (to.isEmpty()) {
            log.warn("{} {} is for {}, which has no address (accessledger.notifications.queues.{}): not mailed",
                    event.getClass().getSimpleName(), event.eventId(),
                    notice.queue() == null ? "no reviewer" : "the " + notice.queue() + " group", notice.queue());
            return;
        }
        Map<String, String> values = new LinkedHashMap<>(notice.values());
        values.put("reviewerName", to.get().name());
        values.put("reviewsUrl", properties.reviewsUrl());
        commands.send(new Notification.SendNotification(notice.notificationId(), notice.template(), to.get(), values,
                envelope.id(), clock.instant()), envelope);
        if (!notice.notificationId().equals(Notification.idFor(envelope.id()))) {
            sentDigests.add(notice.notificationId());
        }
    }

    private Notice noticeOf(DomainEvent event, Envelope envelope) {
        if (event instanceof AccessReviewRequested r) {
            return new Notice(NotificationTemplates.REVIEW_REQUESTED, r.reviewerId(), r.reviewerGroup(),
                    digestOf("requested", r.campaignId(), r.reviewerId(), r.reviewerGroup(), ""),
                    Map.of("campaignId", r.campaignId(), "dueAt", text(r.dueAt())));
        } else if (event instanceof ReviewReminderSent r) {
            return new Notice(NotificationTemplates.REVIEW_REMINDED, r.reviewerId(), r.reviewerGroup(),
                    digestOf("reminder", r.campaignId(), r.reviewerId(), r.reviewerGroup(),
                            Integer.toString(r.reminder())),
                    Map.of("campaignId", r.campaignId(), "dueAt", text(r.dueAt()),
                            "reminder", Integer.toString(r.reminder())));
        } else if (event instanceof UngovernedAccessReviewReminderSent u) {
            String queue = u.reviewerId() == null ? UNGOVERNED_QUEUE : null;
            return new Notice(NotificationTemplates.REVIEW_REMINDED, u.reviewerId(), queue,
                    digestOf("reminder", u.campaignId(), u.reviewerId(), queue, Integer.toString(u.reminder())),
                    Map.of("campaignId", u.campaignId(), "dueAt", text(u.dueAt()),
                            "reminder", Integer.toString(u.reminder())));
        } else if (event instanceof ReviewEscalated e) {
            return new Notice(NotificationTemplates.REVIEW_ESCALATED, e.toReviewerId(), null,
                    digestOf("escalation", e.campaignId(), e.toReviewerId(), null, text(e.dueAt())),
                    Map.of("campaignId", e.campaignId(), "dueAt", text(e.dueAt()),
                            "escalatedFrom", e.fromReviewerId() == null ? "a group"
                                    : directory.nameOf(e.fromReviewerId())));
        } else if (event instanceof ReviewDelegated d) {
            return new Notice(NotificationTemplates.REVIEW_DELEGATED, d.delegateId(), null,
                    Notification.idFor(envelope.id()),
                    Map.of("campaignId", d.campaignId(), "itemId", d.itemId(),
                            "access", d.entitlement().toString(), "personName", directory.nameOf(d.employeeId()),
                            "delegatorName", d.reviewerId() == null ? "A colleague" : directory.nameOf(d.reviewerId()),
                            "reason", d.comment() == null || d.comment().isBlank() ? "(none given)" : d.comment()));
        } else if (event instanceof UngovernedAccessReviewRequested u) {
            String queue = u.reviewerId() == null ? UNGOVERNED_QUEUE : null;
            return new Notice(NotificationTemplates.UNGOVERNED_REVIEW_REQUESTED, u.reviewerId(), queue,
                    digestOf("requested", u.campaignId(), u.reviewerId(), queue, ""),
                    Map.of("campaignId", u.campaignId(), "target", u.target(), "group", text(u.group()),
                            "access", u.entitlement().toString(),
                            "userName", u.userName() != null ? u.userName() : text(u.memberId()),
                            "dueAt", text(u.dueAt())));
        }
        return null;
    }

    /** The queue that reviews ungoverned access when the resource has no owner to review it (review-scheduler's). */
    static final String UNGOVERNED_QUEUE = "IAM";

    /**
     * One notification per reviewer (a person, or a group), campaign and round (a reminder's number, an
     * escalation's new due time): the same for every item of that round, whichever item's event comes first.
     */
    static String digestOf(String kind, String campaignId, EmployeeId person, String group, String round) {
        String reviewer = person != null ? "person:" + person.value() : "group:" + group;
        return Notification.idFor("review-" + kind + "/" + campaignId + "/" + reviewer + "/" + round);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
