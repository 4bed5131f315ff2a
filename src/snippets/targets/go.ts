import { bareAddress } from '../address';
import { mailpaceHeaders, maybeComment } from '../headers';
import { BODY, SUBJECT } from '../message';
import { doubleQuoted as dq } from '../quote';
import { defineTarget } from '../target';
import { tokenCode } from '../token';
import { indent, lines } from '../text';

/** A complete program using only the standard library's net/smtp. */
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
        tls && '\t"crypto/tls"',
        '\t"log"',
        '\t"net/smtp"',
        !i.inlineToken && '\t"os"',
        '\t"strings"',
        ')',
        '',
        'func main() {',
        `\ttoken := ${tokenCode(i, (env) => `os.Getenv(${dq(env)})`, dq)}`,
        `\thost := ${dq(i.host)}`,
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
        '\t// The API token is both user name and password.',
        '\tauth := smtp.PlainAuth("", token, token, host)',
        tls
          ? [
              '\t// Port 465 is TLS from the first byte, which SendMail cannot do: dial TLS first.',
              `\tconn, err := tls.Dial("tcp", host+":${i.port}", &tls.Config{ServerName: host})`,
              '\tcheck(err)',
              '\tc, err := smtp.NewClient(conn, host)',
              '\tcheck(err)',
              '\tcheck(c.Auth(auth))',
              '\tcheck(c.Mail(from))',
              '\tcheck(c.Rcpt(to))',
              '\tw, err := c.Data()',
              '\tcheck(err)',
              '\t_, err = w.Write([]byte(msg))',
              '\tcheck(err)',
              '\tcheck(w.Close())',
              '\tcheck(c.Quit())',
            ]
          : [
              '\t// SendMail upgrades with STARTTLS, and PlainAuth refuses to send the token unencrypted.',
              `\tcheck(smtp.SendMail(host+":${i.port}", auth, from, []string{to}, []byte(msg)))`,
            ],
        '\tlog.Print("sent")',
        '}',
        '',
        'func check(err error) {',
        '\tif err != nil {',
        '\t\tlog.Fatal(err)',
        '\t}',
        '}',
      ),
      warnings: ['`smtp.SendMail` cannot talk to port 465 (it expects a plain connection to upgrade); dial with `tls.Dial` there, as this snippet does for 465.'],
      notes: ['Run with `go run main.go`. For attachments or HTML, a package such as go-mail (`WithTLSPolicy`, `WithSSL`) is more convenient.'],
    };
  },
});
