package dev.hybridauth.autoconfigure.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/**
 * An entity of the application's own, which registering the session entity must not hide.
 */
@Entity
public class Note {

	@Id
	private Long id;

	private String text;

}
