package dev.hybridauth.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request byte for byte, for what a well-behaved HTTP client refuses to send
 * (non-ASCII header bytes).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * @return the status line and headers, and the body, as the server sent them
	 */
	public static String send(int port, String requestHead) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((requestHead + "Host: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.UTF_8);
		}
	}

	public static int status(String response) {
		return Integer.parseInt(response.substring(9, 12));
	}

}
