#!/usr/bin/env python3
"""Every document of every rubric, on paper: `qis report` writes each kind the rubric defines as HTML
and as .docx from the sample package (one answer removed, so 未作答 must show); Chromium prints the
HTML to PDF, LibreOffice (one soffice call) converts the .docx. Each PDF is checked with pdftotext,
pdftoppm and zbarimg:
  - "— N —" on every page; no page that holds only the hash/QR block or only signatures;
  - the QR code on the last page decodes, from a 100 dpi rendering, to the package's SHA-256;
  - no ASCII id in parentheses ("(metrology)", "（ip）"); the unanswered criterion reads 未作答;
  - 上海 documents print no points;
and each .docx has tables with unequal gridCol widths and cantSplit rows.
The first and last page of each PDF are kept as PNG in tests/paper/out/ to be looked at.
Usage: check_documents.py BUILD_DIR   (BUILD_DIR holds the qis binary, e.g. build/native)"""
import hashlib, json, os, re, shutil, subprocess, sys, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'tests', 'paper', 'out')
RUBRICS = ['chongming-2024', 'songjiang-2024', 'wuhan-2025', 'hunan-db43', 'shanghai-2024']
KINDS = ['self-assessment', 'application', 'declaration', 'score-sheet', 'report']
failures = []


def fail(what):
    failures.append(what)
    print('FAIL ' + what, flush=True)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def pdf_pages(pdf):
    info = run(['pdfinfo', pdf]).stdout
    return int(re.search(r'Pages:\s+(\d+)', info).group(1))


def page_text(pdf, n):
    return run(['pdftotext', '-layout', '-f', str(n), '-l', str(n), pdf, '-']).stdout


# A line of the closing blocks: the hash and its QR, or a signature / date / seal line.
BINDING = re.compile(r'SHA-256|核对：|qis verify|expect|^[0-9a-f ]{8,}$')
SIGN = re.compile(r'签字|签名|盖章|日期|^[\s_年月日0-9]*$')


def check_pdf(name, pdf, hash_hex, shanghai, unanswered_expected):
    pages = pdf_pages(pdf)
    text_all = ''
    for n in range(1, pages + 1):
        text = page_text(pdf, n)
        text_all += text
        if not re.search(r'—\s*%d\s*—' % n, text):
            fail(f'{name}: page {n} of {pages} has no page number "— {n} —"')
        body = [l.strip() for l in text.splitlines() if l.strip() and not re.fullmatch(r'—\s*\d+\s*—', l.strip())]
        if body and all(BINDING.search(l) for l in body):
            fail(f'{name}: page {n} holds only the hash/QR block')
        if body and all(SIGN.search(l) or BINDING.search(l) for l in body) and any('签' in l for l in body):
            fail(f'{name}: page {n} holds only signatures')
    ids = re.findall(r'[(（][a-z][a-z_]+[)）]', text_all)
    if ids:
        fail(f'{name}: internal ids in parentheses: {sorted(set(ids))[:5]}')
    if unanswered_expected and '未作答' not in text_all:
        fail(f'{name}: the unanswered criterion does not read 未作答')
    if shanghai:
        points = re.findall(r'[0-9]\s*分|满分|失分|得分', text_all)
        if points:
            fail(f'{name}: 上海 states conditions, yet the document prints points: {points[:5]}')
    # The QR code, scanned at 100 dpi (a fax, an office scanner's default).
    png = os.path.join(OUT, name + '-qr100')
    run(['pdftoppm', '-r', '100', '-png', '-singlefile', '-f', str(pages), '-l', str(pages), pdf, png])
    decoded = run(['zbarimg', '--quiet', '--raw', png + '.png']).stdout.split()
    if hash_hex not in decoded:
        fail(f'{name}: the QR code on the last page does not decode at 100 dpi to {hash_hex[:16]}… (got {decoded})')
    os.remove(png + '.png')
    for n, tag in ((1, 'first'), (pages, 'last')):
        run(['pdftoppm', '-r', '60', '-png', '-singlefile', '-f', str(n), '-l', str(n), pdf, os.path.join(OUT, f'{name}-{tag}')])
    return pages


def check_docx(name, path):
    xml = zipfile.ZipFile(path).read('word/document.xml').decode('utf-8')
    tables = re.findall(r'<w:tblGrid>(.*?)</w:tblGrid>', xml)
    if not any(len(set(re.findall(r'w:w="(\d+)"', t))) > 1 for t in tables):
        fail(f'{name}: no table with unequal gridCol widths')
    rows = xml.count('<w:tr>')
    if rows == 0 or xml.count('<w:cantSplit/>') != rows:
        fail(f'{name}: {xml.count("<w:cantSplit/>")} of {rows} rows are cantSplit')


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build', 'native')
    qis = os.path.join(build, 'qis')
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    work = os.path.join(OUT, 'work')
    os.makedirs(work)
    made = []  # (name, html, docx, hash, shanghai)
    for rubric in RUBRICS:
        pkg = json.load(open(os.path.join(ROOT, 'tests', 'fixtures', 'samples', rubric + '.json'), encoding='utf-8'))
        first = next(iter(pkg['answers']))
        del pkg['answers'][first]  # one criterion left unanswered
        path = os.path.join(work, rubric + '.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(pkg, f, ensure_ascii=False, indent=1)
        hash_hex = hashlib.sha256(open(path, 'rb').read()).hexdigest()
        for kind in KINDS:
            name = f'{rubric}-{kind}'
            html = os.path.join(work, name + '.html')
            r = run([qis, 'report', path, '--kind', kind, '-o', html, '--date', '2025-06-10', '--today', '2025-06-10'])
            if r.returncode != 0:
                if 'report.kind_undefined' in r.stderr or '没有规定这种文书' in r.stderr:
                    continue
                fail(f'{name}: qis report failed: {r.stderr.strip()}')
                continue
            docx = os.path.join(work, name + '.docx')
            r = run([qis, 'report', path, '--kind', kind, '-o', docx, '--date', '2025-06-10', '--today', '2025-06-10'])
            if r.returncode != 0:
                fail(f'{name}: qis report -o .docx failed: {r.stderr.strip()}')
                continue
            made.append((name, html, docx, hash_hex, rubric == 'shanghai-2024'))

    # HTML through Chromium: the page's own margins and page numbers, no browser header or footer.
    profile = os.path.join(work, 'chromium')
    for name, html, _, _, _ in made:
        r = run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--user-data-dir=' + profile, '--no-pdf-header-footer',
                 '--print-to-pdf=' + os.path.join(work, name + '-html.pdf'), 'file://' + html], timeout=120)
    # .docx through LibreOffice: one call for all of them.
    docx_dir = os.path.join(work, 'docx-pdf')
    os.makedirs(docx_dir)
    run(['soffice', '-env:UserInstallation=file://' + os.path.join(work, 'lo-profile'), '--headless', '--convert-to', 'pdf',
         '--outdir', docx_dir] + [d for _, _, d, _, _ in made], timeout=600)

    for name, html, docx, hash_hex, shanghai in made:
        unanswered = True
        html_pdf = os.path.join(work, name + '-html.pdf')
        if not os.path.exists(html_pdf):
            fail(f'{name}: Chromium printed no PDF')
        else:
            pages = check_pdf(name + '-html', html_pdf, hash_hex, shanghai, unanswered and not name.endswith(('application', 'declaration')))
            print(f'{name}.html: {pages} pages', flush=True)
        check_docx(name, docx)
        docx_pdf = os.path.join(docx_dir, os.path.basename(docx)[:-5] + '.pdf')
        if not os.path.exists(docx_pdf):
            fail(f'{name}: LibreOffice made no PDF of the .docx')
        else:
            pages = check_pdf(name + '-docx', docx_pdf, hash_hex, shanghai, unanswered and not name.endswith(('application', 'declaration')))
            print(f'{name}.docx: {pages} pages', flush=True)
    print(f'{len(made)} documents, {len(failures)} problems; pages as PNG in {OUT}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
