package fr.maillage.partnership;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Premises offered by local authorities, applications and agreements; funds and grants within budget. */
@SpringBootApplication
public class PartnershipApplication {
    public static void main(String[] args) {
        SpringApplication.run(PartnershipApplication.class, args);
    }
}
