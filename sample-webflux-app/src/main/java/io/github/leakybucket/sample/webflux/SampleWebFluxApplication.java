package io.github.leakybucket.sample.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Sample WebFlux application on Netty: a rate-limited API whose handlers return {@code Mono}, on an embedded
 * DynamoDB Local.
 */
@SpringBootApplication
public class SampleWebFluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleWebFluxApplication.class, args);
	}

}
