package fr.maillage.partnership;

import fr.maillage.partnership.domain.FundDefinition;
import fr.maillage.partnership.domain.FundKind;
import fr.maillage.partnership.usecase.OpenConfiguredFunds;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;
import java.util.List;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(PartnershipConfiguration.FundsProperties.class)
class PartnershipConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ApplicationRunner openFundsAtStartUp(OpenConfiguredFunds openFunds, FundsProperties properties) {
        return args -> openFunds.open(properties.definitions());
    }

    /** {@code maillage.partnership.funds}: the fund envelopes, created at start-up when missing. */
    @ConfigurationProperties("maillage.partnership")
    record FundsProperties(List<FundProperties> funds) {

        List<FundDefinition> definitions() {
            return funds == null ? List.of() : funds.stream().map(FundProperties::definition).toList();
        }
    }

    /** {@code budgetEur} boxed: a missing or misspelt {@code budget-eur} fails the start instead of opening at 0 €. */
    record FundProperties(String id, FundKind kind, Integer year, String name, Long budgetEur) {

        FundDefinition definition() {
            if (budgetEur == null) {
                throw new IllegalArgumentException("fund " + id + " needs its budget in euros: maillage.partnership"
                        + ".funds[].budget-eur");
            }
            return new FundDefinition(id, kind, year, name, budgetEur);
        }
    }
}
