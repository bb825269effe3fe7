package org.tongfa;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Tongfa (统发): publish once, deliver to every channel the public reads. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TongfaApplication {

    public static void main(String[] args) {
        SpringApplication.run(TongfaApplication.class, args);
    }
}
