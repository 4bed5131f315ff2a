import { bareAddress } from '../address';
import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { doubleQuoted as dq } from '../quote';
import { defineTarget } from '../target';
import { TOKEN_ENV, tokenCode } from '../token';
import { indent, lines } from '../text';

/** What the program prints when the token variable is unset or empty (tests match it). */
export const GO_EMPTY_TOKEN_MESSAGE = `${TOKEN_ENV} is empty: set it to your MailPace API token (it is both the SMTP user name and password)`;

/**
 * A complete program using only the standard library's net/smtp (Go 1.19+).
 *
 * It drives smtp.Client itself rather than calling smtp.SendMail: SendMail dials with
 * no timeout and cannot start with TLS, so a firewalled port would hang it forever and
 * port 465 would not work at all.
 */
export const go = defineTarget({
  id: 'go',
  label: 'Go (net/smtp)',
  language: 'go',
  build(i) {
    const tls = i.security === 'tls';
    return {
      filename: 'main.go',
      code: lines(
        'package main',
        '',
        'import (',
        '\t"crypto/tls"',
        '\t"log"',
        '\t"net"',
        '\t"net/smtp"',
        !i.inlineToken && '\t"os"',
        '\t"strings"',
        '\t"time"',
        ')',
        '',
        'func main() {',
        `\ttoken := ${tokenCode(i, (env) => `os.Getenv(${dq(env)})`, dq)}`,
        !i.inlineToken && [
          '\tif token == "" {',
          '\t\t// Caught here; otherwise it would surface later as a puzzling authentication error.',
          `\t\tlog.Fatal(${dq(GO_EMPTY_TOKEN_MESSAGE)})`,
          '\t}',
        ],
        `\thost := ${dq(i.host)}`,
        `\taddr := net.JoinHostPort(host, "${i.port}")`,
        `\tfrom := ${dq(bareAddress(i.from))}`,
        `\tto := ${dq(bareAddress(i.to))}`,
        '',
        '\tmsg := strings.Join([]string{',
        indent('\t\t', [
          `${dq(`From: ${i.from}`)},`,
          `${dq(`To: ${i.to}`)},`,
          `${dq(`Subject: ${SUBJECT}`)},`,
          ...mailpaceHeaders(i).map((h) => maybeComment(h, '//', `${dq(`${h.name}: ${h.value}`)},`)),
          '"",',
          `${dq(BODY)},`,
        ]),
        '\t}, "\\r\\n")',
        '',
        '\t// Fail after 10 s instead of hanging when a firewall silently drops the port.',
        '\tdialer := &net.Dialer{Timeout: 10 * time.Second}',
        '\t// ServerName turns on the certificate and host name check.',
        '\ttlsConfig := &tls.Config{ServerName: host}',
        tls
          ? [
              '\t// TLS from the first byte (465).',
              '\tconn, err := tls.DialWithDialer(dialer, "tcp", addr, tlsConfig)',
            ]
          : ['\tconn, err := dialer.Dial("tcp", addr)'],
        '\tcheck("connect to "+addr, err)',
        '\t// One deadline for the whole conversation, so a stalled server cannot hang it either.',
        '\tcheck("set deadline", conn.SetDeadline(time.Now().Add(60*time.Second)))',
        '\tc, err := smtp.NewClient(conn, host)',
        '\tcheck("greeting", err)',
        !tls && [
          '\t// Encrypt before the token is sent; an error here stops the program.',
          '\tcheck("STARTTLS", c.StartTLS(tlsConfig))',
        ],
        '\t// The API token is both user name and password.',
        '\tcheck("AUTH", c.Auth(smtp.PlainAuth("", token, token, host)))',
        '\tcheck("MAIL FROM", c.Mail(from))',
        '\tcheck("RCPT TO", c.Rcpt(to))',
        '\tw, err := c.Data()',
        '\tcheck("DATA", err)',
        '\t_, err = w.Write([]byte(msg))',
        '\tcheck("message", err)',
        '\tcheck("end of message", w.Close())',
        '\tcheck("QUIT", c.Quit())',
        '\tlog.Print("sent")',
        '}',
        '',
        'func check(step string, err error) {',
        '\tif err != nil {',
        '\t\tlog.Fatalf("%s: %v", step, err)',
        '\t}',
        '}',
      ),
      warnings: [
        '`smtp.SendMail` has no timeout and cannot use port 465 (it expects a plain connection to upgrade); this snippet drives `smtp.Client` itself for both reasons.',
      ],
      notes: [
        'Run with `go run main.go` (standard library only, Go 1.19 or newer).',
        'For attachments or HTML, a package such as go-mail (`WithTLSPolicy`, `WithSSL`) is more convenient.',
      ],
    };
  },
});
