"""demos/sendpc.ts (part 1) in Python: seed 003's generator send() example, a consumer and a
producer handing control back and forth with no event loop at all. (Part 2 of the demo, the
same exchange between two tasks, must print the same lines.)"""


def consumer():
    r = ""
    while True:
        n = yield r  # hand r to the producer, wait for the next n
        if not n:
            return
        print(f"[CONSUMER] Consuming {n}...")
        r = "200 OK"


def produce(c):
    c.send(None)  # start the generator: run it to its first yield
    n = 0
    while n < 5:
        n = n + 1
        print(f"[PRODUCER] Producing {n}...")
        r = c.send(n)
        print(f"[PRODUCER] Consumer return: {r}")
    c.close()


def main():
    produce(consumer())
