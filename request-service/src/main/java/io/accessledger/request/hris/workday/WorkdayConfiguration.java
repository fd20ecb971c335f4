package io.accessledger.request.hris.workday;

import io.accessledger.request.hris.DirectoryRecorder;
import io.accessledger.request.hris.HrisConfiguration;
import io.accessledger.request.hris.HrisProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Workday: HTTP Basic credentials, and the effective dating of its events. */
@Configuration
public class WorkdayConfiguration {
    /** The source name of Workday's deliveries and worker events. */
    public static final String SOURCE = "workday";

    @Bean
    WorkdayBasicAuth workdayBasicAuth(HrisProperties properties) {
        HrisProperties.Workday workday = properties.workday();
        return new WorkdayBasicAuth(
                HrisConfiguration.required(workday == null ? null : workday.username(),
                        "accessledger.hris.workday.username"),
                HrisConfiguration.required(workday == null ? null : workday.password(),
                        "accessledger.hris.workday.password"));
    }

    @Bean
    EffectiveDatedEvents workdayEffectiveDating(EffectiveDatedStore store, DirectoryRecorder recorder, Clock clock) {
        return new EffectiveDatedEvents(store, recorder, clock, SOURCE);
    }
}
