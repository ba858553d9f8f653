package health.haven.api.webhook;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Where callbacks may go: http or https URLs of hosts whose every address is public, so
 * that a subscription cannot turn the portal into a proxy into the cluster or the
 * organisation's network (server-side request forgery). Loopback, link-local (cloud
 * metadata), private, shared, multicast and unspecified addresses are refused unless they
 * lie in a network an administrator allowed ({@code haven.webhooks.allowed-networks}).
 * Checked at subscription and again before each delivery, as a name may resolve elsewhere
 * later.
 */
class TargetAddresses {

	private final List<Network> allowed;

	TargetAddresses(List<String> allowedNetworks) {
		this.allowed = allowedNetworks.stream().map(Network::parse).toList();
	}

	/**
	 * Why the URL may not receive callbacks, or empty when it may.
	 */
	Optional<String> refusal(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return Optional.of("The URL is not valid: " + ex.getReason());
		}
		if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
			return Optional.of("The URL must be http or https");
		}
		if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
			return Optional.of("The URL must name a host, and no user or fragment");
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(uri.getHost());
		}
		catch (UnknownHostException ex) {
			return Optional.of("The host " + uri.getHost() + " does not resolve");
		}
		for (InetAddress address : addresses) {
			if (isInternal(address) && this.allowed.stream().noneMatch((network) -> network.contains(address))) {
				return Optional.of("The host " + uri.getHost() + " resolves to " + address.getHostAddress()
						+ ", an internal address (loopback, link-local, private or reserved); an administrator "
						+ "allows internal networks in haven.webhooks.allowed-networks");
			}
		}
		return Optional.empty();
	}

	static boolean isInternal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			// shared address space (carrier-grade NAT), benchmarking, reserved
			return (first == 100 && second >= 64 && second <= 127) || (first == 198 && (second == 18 || second == 19))
					|| first == 0 || first >= 240;
		}
		if (address instanceof Inet6Address) {
			// unique local addresses fc00::/7; IPv4-mapped addresses are judged as IPv4
			if ((bytes[0] & 0xfe) == 0xfc) {
				return true;
			}
			boolean mapped = true;
			for (int i = 0; i < 10; i++) {
				mapped &= bytes[i] == 0;
			}
			if (mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
				try {
					return isInternal(
							InetAddress.getByAddress(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] }));
				}
				catch (UnknownHostException ex) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * A network in CIDR form.
	 */
	record Network(byte[] address, int prefix) {

		static Network parse(String cidr) {
			String[] parts = cidr.trim().split("/", 2);
			try {
				byte[] address = InetAddress.getByName(parts[0]).getAddress();
				int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : address.length * 8;
				if (prefix < 0 || prefix > address.length * 8) {
					throw new IllegalArgumentException("Bad prefix in " + cidr);
				}
				return new Network(address, prefix);
			}
			catch (UnknownHostException | NumberFormatException ex) {
				throw new IllegalArgumentException("haven.webhooks.allowed-networks: '" + cidr + "' is no CIDR network",
						ex);
			}
		}

		boolean contains(InetAddress candidate) {
			byte[] bytes = candidate.getAddress();
			if (bytes.length != this.address.length) {
				return false;
			}
			int shift = bytes.length * 8 - this.prefix;
			return new BigInteger(1, bytes).shiftRight(shift).equals(new BigInteger(1, this.address).shiftRight(shift));
		}

	}

}
