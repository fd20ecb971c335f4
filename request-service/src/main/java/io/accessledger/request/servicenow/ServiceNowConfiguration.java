package io.accessledger.request.servicenow;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.RequestSource;
import io.accessledger.request.directory.DirectoryView;
import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.DeliveryAuth;
import io.accessledger.request.hris.HrisConfiguration;
import io.accessledger.request.intake.AccessRequest;
import io.accessledger.request.intake.IntakeDoor;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.web.Caller;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the ServiceNow intake and write-back from {@code accessledger.servicenow.*}. */
@Configuration
@EnableConfigurationProperties(ServiceNowProperties.class)
public class ServiceNowConfiguration {

    /**
     * Signed deliveries ({@code accessledger.servicenow.inbound.signing-secret}); Basic or bearer alone as well only
     * when {@code accessledger.servicenow.inbound.accept-unsigned} is true.
     */
    @Bean
    DeliveryAuth serviceNowDeliveryAuth(ServiceNowProperties properties) {
        ServiceNowProperties.Inbound inbound = properties.inbound();
        BodySignature signature = BodySignature.accessLedger(inbound.acceptUnsigned() ? inbound.signingSecret()
                : HrisConfiguration.required(inbound.signingSecret(), "accessledger.servicenow.inbound.signing-secret"),
                inbound.tolerance());
        return inbound.acceptUnsigned() ? DeliveryAuth.signedOrUnsigned(signature, new ServiceNowInboundAuth(
                inbound.username(), inbound.password(), inbound.bearerToken())::verify)
                : DeliveryAuth.signedOnly(signature);
    }

    @Bean
    ServiceNowClient serviceNowClient(ServiceNowProperties p) {
        return new ServiceNowClient(p.instanceUrl(), p.username(), p.password(), p.maxAttempts(),
                p.initialBackoff(), p.maxBackoff(), p.timeout());
    }

    @Bean
    RitmDoor ritmDoor(DirectoryView directory, IntakeDoor intake) {
        return new RitmDoor() {
            @Override
            public Optional<EmployeeProfile> find(EmployeeId employeeId) {
                return directory.find(employeeId);
            }

            @Override
            public AccessRequest.SubmitAccessRequest check(RequestId requestId, EmployeeId requesterId,
                    EmployeeId beneficiaryId, Ritm ritm) {
                return intake.checked(requestId, null, new Caller(requesterId, Set.of()), beneficiaryId.value(),
                        ritm.resourceId(), ritm.accessLevel(), ritm.justification(), ritm.accessDuration(),
                        ritm.number() != null ? ritm.number() : ritm.sysId(), RequestSource.SERVICENOW);
            }
        };
    }

    @Bean
    ServiceNowWriteBack serviceNowWriteBack(ServiceNowStore store, ServiceNowClient client,
            TransactionTemplate transactions, CausedCommands commands, Clock clock) {
        // the same (database) transaction manager as the spine's, but a transaction of its own: a failure record
        // survives the rollback of the consumer's transaction
        TransactionTemplate independent = new TransactionTemplate(transactions.getTransactionManager());
        independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return new ServiceNowWriteBack(store, client, independent, commands, clock);
    }
}
