"""UDP peers for the end-to-end tests: an echo/reply/collect server and a round-trip client. Loopback only."""
import socket
import sys


def family_of(host):
    return socket.AF_INET6 if ':' in host else socket.AF_INET


def serve(mode, host, arg):
    sock = socket.socket(family_of(host), socket.SOCK_DGRAM)
    sock.bind((host, 0))
    print(sock.getsockname()[1], flush=True)
    sock.settimeout(30)
    if mode == 'echo':
        while True:
            data, sender = sock.recvfrom(70000)
            sock.sendto(data, sender)
    elif mode == 'reply':
        answer = bytes.fromhex(arg)
        while True:
            _, sender = sock.recvfrom(70000)
            sock.sendto(answer, sender)
    elif mode == 'collect':
        for _ in range(int(arg)):
            data, _ = sock.recvfrom(70000)
            print(data.hex() or '-', flush=True)


def roundtrips(host, port, count):
    """Sends `count` distinct binary datagrams one at a time; each must come back intact."""
    sock = socket.socket(family_of(host), socket.SOCK_DGRAM)
    sock.settimeout(2)
    for i in range(count):
        payload = bytes([i % 256, 0, 255, 10, 13]) + i.to_bytes(4, 'big') * (1 + i % 7)
        sock.sendto(payload, (host, port))
        data, _ = sock.recvfrom(70000)
        if data != payload:
            print(f'mismatch at {i}: sent {payload.hex()} got {data.hex()}', flush=True)
            sys.exit(1)
    print(f'ok {count}', flush=True)


def send(host, port, hexdata, wait, more):
    """Sends one datagram from a fresh socket; prints the reply's hex (or 'none' after `wait` s), then up to `more` later ones."""
    sock = socket.socket(family_of(host), socket.SOCK_DGRAM)
    sock.sendto(bytes.fromhex(hexdata), (host, port))
    sock.settimeout(float(wait))
    try:
        data, _ = sock.recvfrom(70000)
        print(data.hex(), flush=True)
    except socket.timeout:
        print('none', flush=True)
    try:
        for _ in range(more):
            data, _ = sock.recvfrom(70000)
            print(data.hex(), flush=True)
    except socket.timeout:
        print('timeout', flush=True)


if __name__ == '__main__':
    command = sys.argv[1]
    if command in ('echo', 'reply', 'collect'):
        serve(command, sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif command == 'roundtrips':
        roundtrips(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif command == 'send':
        send(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]) if len(sys.argv) > 6 else 0)
