package dev.hybridauth.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a request byte for byte, for what a well-behaved HTTP client refuses to send
 * (non-ASCII header bytes), or uploads a large body while watching for the answer.
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
			writeHead(socket, requestHead);
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.UTF_8);
		}
	}

	/**
	 * Sends a request head without the body it announces, and reads the answer without
	 * waiting for the connection to close.
	 * @param port the server's port
	 * @param requestHead the request line and headers, each ending in CRLF, without
	 * {@code Host}, {@code Connection} and the blank line
	 * @return the status line, headers and body of the answer
	 * @throws IOException when no answer comes within 10 seconds
	 */
	public static String sendHead(int port, String requestHead) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			writeHead(socket, requestHead);
			return readAnswer(socket.getInputStream());
		}
	}

	private static OutputStream writeHead(Socket socket, String requestHead) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write((requestHead + "Host: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
		return out;
	}

	public static int status(String response) {
		return Integer.parseInt(response.substring(9, 12));
	}

	/**
	 * Sends a request head, then the body from another thread, as fast as the server
	 * takes it, while this thread waits for the answer; the answer is read as soon as it
	 * comes, whether or not the upload has finished.
	 * @param port the server's port
	 * @param requestHead the request line and headers, each ending in CRLF, without
	 * {@code Host}, {@code Connection} and the blank line
	 * @param bodyStart the first bytes of the body (a JSON prefix, say)
	 * @param bodyLength the length of the whole body; the rest is {@code a}s
	 * @param chunked whether the body goes in chunks ({@code Transfer-Encoding: chunked}
	 * must then be in the head), else as is (with a {@code Content-Length} in the head)
	 * @return the answer, and how much of the body had been sent when it came
	 * @throws IOException when the answer cannot be read
	 */
	public static Upload upload(int port, String requestHead, String bodyStart, long bodyLength, boolean chunked)
			throws IOException, InterruptedException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = writeHead(socket, requestHead);
			AtomicLong sent = new AtomicLong();
			AtomicBoolean finished = new AtomicBoolean();
			long started = System.nanoTime();
			Thread writer = new Thread(() -> {
				byte[] filler = new byte[64 * 1024];
				Arrays.fill(filler, (byte) 'a');
				byte[] start = bodyStart.getBytes(StandardCharsets.UTF_8);
				try {
					long remaining = bodyLength;
					boolean first = true;
					while (remaining > 0) {
						byte[] data = first ? start : filler;
						int length = (int) Math.min(data.length, remaining);
						first = false;
						if (chunked) {
							out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
						}
						out.write(data, 0, length);
						if (chunked) {
							out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
						}
						remaining -= length;
						sent.addAndGet(length);
					}
					if (chunked) {
						out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					}
					out.flush();
					finished.set(true);
				}
				catch (IOException ex) {
					// the server closed the connection without taking the whole body
				}
			});
			writer.start();
			InputStream in = socket.getInputStream();
			int first = in.read();
			long sentWhenAnswered = sent.get();
			Duration answeredAfter = Duration.ofNanos(System.nanoTime() - started);
			String response = (char) first + readAnswer(in);
			socket.shutdownOutput();
			writer.join(30_000);
			return new Upload(response, sentWhenAnswered, finished.get(), answeredAfter);
		}
	}

	/**
	 * Reads the rest of a response head and a body of {@code Content-Length} bytes,
	 * without waiting for the connection to close.
	 */
	private static String readAnswer(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				return head.toString(StandardCharsets.UTF_8);
			}
			head.write(next);
		}
		String headText = head.toString(StandardCharsets.ISO_8859_1);
		int contentLength = 0;
		for (String line : headText.split("\r\n")) {
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				contentLength = Integer.parseInt(line.substring(15).trim());
			}
		}
		return headText + new String(in.readNBytes(contentLength), StandardCharsets.UTF_8);
	}

	/**
	 * The outcome of an upload.
	 *
	 * @param response the status line, headers and body of the answer
	 * @param sentWhenAnswered how many body bytes the client had sent when the answer
	 * came (some may still have been in the sockets' buffers, unread)
	 * @param finished whether the whole body was sent in the end
	 * @param answeredAfter how long after the request head the answer came
	 */
	public record Upload(String response, long sentWhenAnswered, boolean finished, Duration answeredAfter) {

	}

}
