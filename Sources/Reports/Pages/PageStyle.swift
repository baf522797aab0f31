/// The stylesheet every page links (`assets/report.css`): system fonts, a readable measure, charts in a grid
/// that wraps on narrow windows, and print styles. No web fonts, no network.
enum PageStyle {
    static let fileName = "report.css"

    static let css = """
        :root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #dadce0; --accent: #0072B2; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); background: #fff; }
        header.page { padding: 18px 28px 10px; border-bottom: 1px solid var(--rule); background: #f8f9fa; }
        header.page h1 { margin: 0 0 4px; font-size: 22px; }
        header.page p { margin: 2px 0; color: var(--muted); }
        main { padding: 8px 28px 40px; max-width: 1800px; }
        section { margin: 22px 0 8px; }
        h2 { font-size: 17px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 15px; margin: 14px 0 6px; }
        a { color: var(--accent); }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
          background: #e8f0fe; color: #174ea6; vertical-align: middle; }
        .badge.partial, .badge.stopped, .badge.running, .badge.incomplete { background: #fef7e0; color: #8a5300; }
        .badge.failed, .badge.error { background: #fce8e6; color: #a50e0e; }
        .badge.ok { background: #e6f4ea; color: #137333; }
        table { border-collapse: collapse; margin: 6px 0 12px; }
        th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eee; vertical-align: top; }
        td { max-width: 640px; overflow-wrap: anywhere; }
        th { color: var(--muted); font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        pre { background: #f6f8fa; padding: 8px 10px; overflow-x: auto; max-height: 260px; border-radius: 4px; }
        .cards { display: flex; flex-wrap: wrap; gap: 12px 32px; margin: 6px 0 10px; }
        .card .label { color: var(--muted); font-size: 12px; }
        .card .value { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .charts { display: flex; flex-wrap: wrap; gap: 18px 26px; align-items: flex-start; }
        figure.chart { margin: 0; max-width: 100%; }
        figure.chart figcaption { max-width: 560px; color: var(--muted); font-size: 12.5px; margin-bottom: 4px; }
        figure.chart figcaption strong { color: var(--ink); font-size: 14px; display: block; }
        figure.chart svg { max-width: 100%; height: auto; }
        figure.chart p.data { margin: 2px 0 0; font-size: 12px; color: var(--muted); }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #3c4043; }
        svg text.tick { font-size: 10.5px; }
        svg text.axis-title { font-size: 11.5px; fill: #202124; }
        svg text.legend { font-size: 11px; }
        svg text.cell { font-size: 11px; fill: #ffffff; }
        svg text.cell.dark { fill: #202124; }
        svg .mark:hover { stroke: #000; stroke-width: 1.5; }
        p.note { color: var(--muted); }
        nav.back { margin-bottom: 6px; font-size: 13px; }
        @media print { header.page { background: none; } .charts { display: block; } figure.chart { break-inside: avoid; margin-bottom: 16px; } }
        """
}
