package io.accessledger.request.hris.workday;

import io.accessledger.request.hris.BodySignature;
import io.accessledger.request.hris.DeliveryAuth;
import io.accessledger.request.hris.DirectoryRecorder;
import io.accessledger.request.hris.HrisConfiguration;
import io.accessledger.request.hris.HrisProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Workday: how its deliveries are proven (signed, or HTTP Basic if allowed), and the effective dating of its events. */
@Configuration
public class WorkdayConfiguration {
    /** The source name of Workday's deliveries and worker events. */
    public static final String SOURCE = "workday";

    /**
     * Signed deliveries ({@code accessledger.hris.workday.signing-secret}); HTTP Basic as well only when
     * {@code accessledger.hris.workday.accept-unsigned} is true, and then its username and password must be set.
     */
    @Bean
    DeliveryAuth workdayDeliveryAuth(HrisProperties properties) {
        HrisProperties.Workday workday = properties.workday();
        if (workday == null || !workday.acceptUnsigned()) {
            return DeliveryAuth.signedOnly(BodySignature.accessLedger(HrisConfiguration.required(
                    workday == null ? null : workday.signingSecret(), "accessledger.hris.workday.signing-secret"),
                    properties.tolerance()));
        }
        WorkdayBasicAuth basic = new WorkdayBasicAuth(
                HrisConfiguration.required(workday.username(), "accessledger.hris.workday.username"),
                HrisConfiguration.required(workday.password(), "accessledger.hris.workday.password"));
        return DeliveryAuth.signedOrUnsigned(BodySignature.accessLedger(workday.signingSecret(),
                properties.tolerance()), basic::verify);
    }

    @Bean
    EffectiveDatedEvents workdayEffectiveDating(EffectiveDatedStore store, DirectoryRecorder recorder, Clock clock) {
        return new EffectiveDatedEvents(store, recorder, clock, SOURCE);
    }
}
