import { describe, expect, it } from 'vitest';
import { LineEditor, parseInput } from './line-editor.ts';

describe('parseInput', () => {
  it('splits text, control keys and escape sequences', () => {
    expect(parseInput('ab\x1b[Dc\r')).toEqual([
      { type: 'insert', text: 'ab' },
      { type: 'left' },
      { type: 'insert', text: 'c' },
      { type: 'enter' },
    ]);
  });

  it('reads Home/End/Delete in their common spellings', () => {
    const types = parseInput('\x1b[H\x1bOH\x1b[1~\x1b[F\x1bOF\x1b[4~\x1b[3~').map((k) => k.type);
    expect(types).toEqual(['home', 'home', 'home', 'end', 'end', 'end', 'delete']);
  });

  it('treats CR LF as one Enter and a lone LF as Enter', () => {
    expect(parseInput('a\r\nb\nc\r\r').map((k) => k.type)).toEqual(['insert', 'enter', 'insert', 'enter', 'insert', 'enter', 'enter']);
  });

  it('drops unknown sequences and stray control characters instead of inserting them', () => {
    expect(parseInput('\x1b[200~x\x1b[201~\x07\x1b[5~')).toEqual([{ type: 'insert', text: 'x' }]);
  });

  it('maps the readline control keys', () => {
    expect(parseInput('\x01\x05\x03\x0c\x15\x0b\x17\t\x7f').map((k) => k.type)).toEqual([
      'home', 'end', 'interrupt', 'clear-screen', 'kill-line', 'kill-to-end', 'delete-word', 'tab', 'backspace',
    ]);
  });
});

describe('LineEditor', () => {
  it('edits in the middle of the line', () => {
    const e = new LineEditor();
    e.handle('EHLO exmple.com');
    e.handle('\x1b[D'.repeat(8)); // cursor after "ex"
    e.handle('a');
    expect(e.text).toBe('EHLO example.com');
    e.handle('\x1b[H\x1b[3~');
    expect(e.text).toBe('HLO example.com');
    e.handle('E\x1b[F\x7f\x7f\x7f\x7f');
    expect(e.text).toBe('EHLO example');
    expect(e.cursor).toBe(e.text.length);
  });

  it('submits lines, pasted lines in order, keeping the unfinished tail', () => {
    const e = new LineEditor();
    const events = e.handle('EHLO a\rSTARTTLS\rEHL');
    expect(events).toEqual([
      { type: 'submit', line: 'EHLO a' },
      { type: 'submit', line: 'STARTTLS' },
    ]);
    expect(e.text).toBe('EHL');
  });

  it('browses history with up and down, restoring the draft', () => {
    const e = new LineEditor();
    for (const line of ['EHLO a', 'NOOP']) {
      e.handle(`${line}\r`);
      e.history.add(line);
    }
    e.handle('dra');
    e.handle('\x1b[A');
    expect(e.text).toBe('NOOP');
    e.handle('\x1b[A');
    expect(e.text).toBe('EHLO a');
    e.handle('\x1b[A');
    expect(e.text).toBe('EHLO a');
    e.handle('\x1b[B\x1b[B');
    expect(e.text).toBe('dra');
  });

  it('does not store duplicates or empty lines in history', () => {
    const e = new LineEditor();
    e.history.add('NOOP');
    e.history.add('NOOP');
    e.history.add('  ');
    expect(e.history.entries).toEqual(['NOOP']);
  });

  it('completes at the end of the line and lists ambiguous candidates', () => {
    const e = new LineEditor((text) => (text === 'AU' ? { text: 'AUTH ', options: ['AUTH PLAIN', 'AUTH LOGIN'] } : text === 'AUTH ' ? { text: 'AUTH ', options: ['AUTH PLAIN', 'AUTH LOGIN'] } : {}));
    e.handle('AU');
    expect(e.handle('\t')).toEqual([]);
    expect(e.text).toBe('AUTH ');
    expect(e.handle('\t')).toEqual([{ type: 'completions', options: ['AUTH PLAIN', 'AUTH LOGIN'] }]);
  });

  it('Ctrl+C abandons the line and reports it', () => {
    const e = new LineEditor();
    expect(e.handle('half a line\x03')).toEqual([{ type: 'interrupt', line: 'half a line' }]);
    expect(e.text).toBe('');
  });

  it('moves over surrogate pairs as one character', () => {
    const e = new LineEditor();
    e.handle('a😀b');
    e.handle('\x1b[D\x1b[D\x7f');
    expect(e.text).toBe('a😀b'.replace('a', ''));
    expect(e.cursor).toBe(0);
  });

  it('deletes and moves by words', () => {
    const e = new LineEditor();
    e.handle('MAIL FROM:<a@b>');
    e.handle('\x17');
    expect(e.text).toBe('MAIL ');
    e.handle('\x1b[1;5D');
    expect(e.cursor).toBe(0);
    e.handle('\x1b[1;5C');
    expect(e.cursor).toBe(4);
  });
});

describe('an offered line', () => {
  it('is sent by Enter, edited by editing keys, replaced by typing', () => {
    const e = new LineEditor();
    e.offer('AUTH PLAIN abc=');
    expect(e.isOffer).toBe(true);
    expect(e.handle('\r')).toEqual([{ type: 'submit', line: 'AUTH PLAIN abc=' }]);

    e.offer('aGk=');
    e.handle('\x7f');
    expect(e.text).toBe('aGk');
    e.handle('x');
    expect(e.text).toBe('aGkx');

    e.offer('aGk=');
    e.handle('NOOP');
    expect(e.text).toBe('NOOP');
    expect(e.isOffer).toBe(false);
  });

  it('stays an offer while a text box shows it whole and selected, and not once the box changed it', () => {
    const e = new LineEditor();
    e.offer('aGk=');
    e.sync('aGk=', 4, true);
    expect(e.isOffer).toBe(true);
    e.handle('x');
    expect(e.text).toBe('x');

    e.offer('aGk=');
    e.sync('aGk=', 0, false); // the caret moved: the selection is gone
    expect(e.isOffer).toBe(false);
    e.handle('x');
    expect(e.text).toBe('xaGk=');

    e.offer('aGk=');
    e.sync('aGk=x', 5, true);
    expect(e.isOffer).toBe(false);
    expect(e.cursor).toBe(5);
    e.sync('ab', 9, false);
    expect(e.cursor).toBe(2);
  });

  it('is offered only while the reader is not typing, and offering it again is harmless', () => {
    const e = new LineEditor();
    expect(e.offerUnlessTyping('aGk=')).toBe(true);
    expect(e.offerUnlessTyping('aGk=')).toBe(true);
    expect(e.isOffer).toBe(true);
    expect(e.offerUnlessTyping('other')).toBe(false);
    e.handle('NO');
    expect(e.offerUnlessTyping('aGk=')).toBe(false);
    expect(e.text).toBe('NO');
  });
});
