package io.inboxsync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class InboxSyncApplication {

	public static void main(String[] args) {
		SpringApplication.run(InboxSyncApplication.class, args);
	}

}
