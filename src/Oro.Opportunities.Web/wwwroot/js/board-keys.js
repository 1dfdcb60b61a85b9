// Kanban board keyboard: each column is a WAI-ARIA grid of one column (a card is a row with one
// cell) and one tab stop (roving tabindex). Arrow keys move between cards (↑ ↓, Page Up/Down: five)
// and columns (← →, to the card at the same height), Home/End to the first/last card (with Ctrl:
// the first/last column), Enter opens the card and M opens its "Move to…" menu, whose moves
// board.js makes. Nothing here sends a request; board.js knows nothing of the tab stops: they
// follow the DOM (a MutationObserver) and the focus.
(function () {
    'use strict';
    var board = document.querySelector('[data-board]');
    if (!board) { return; }
    var announcer = document.querySelector('[data-board-announcer]');
    var PAGE = 5;
    var lastGrid = null; // the column the focus was last in, while it is on the board

    function toArray(list) { return Array.prototype.slice.call(list); }
    function grids() { return toArray(board.querySelectorAll('.board-column:not([hidden]) [data-cards]')); }
    function cellsOf(grid) { return toArray(grid.querySelectorAll(':scope > .board-card [data-card-cell]')); }
    function isCell(element) { return element && element.hasAttribute && element.hasAttribute('data-card-cell'); }
    function isGrid(element) { return element && element.hasAttribute && element.hasAttribute('data-cards'); }
    // The closing dialog is open (or still opening or closing): its card is not settled yet.
    function modalOpen() { return document.body.classList.contains('modal-open'); }

    // The column's tab stop: its current card's cell, or the column itself while it has no card.
    function stopOf(grid) {
        var cells = cellsOf(grid);
        if (cells.length === 0) { return grid; }
        var current = cells.filter(function (c) { return c.tabIndex === 0; })[0];
        if (current) { return current; }
        var index = parseInt(grid.getAttribute('data-active-index') || '0', 10);
        return cells[Math.min(Math.max(index, 0), cells.length - 1)];
    }

    function setStop(grid, target) {
        var cells = cellsOf(grid);
        cells.forEach(function (c) { c.tabIndex = c === target ? 0 : -1; });
        if (cells.length === 0) {
            grid.tabIndex = 0;
        } else {
            grid.removeAttribute('tabindex');
            grid.setAttribute('data-active-index', String(Math.max(cells.indexOf(target), 0)));
        }
    }

    // One tab stop per column, row numbers for assistive technology (the count covers cards not loaded yet).
    function normalize(grid) {
        var rows = toArray(grid.children).filter(function (r) { return r.classList.contains('board-card'); });
        rows.forEach(function (row, i) { row.setAttribute('aria-rowindex', String(i + 1)); });
        var total = parseInt((grid.closest('.board-column').querySelector('[data-total-count]') || {}).textContent, 10);
        grid.setAttribute('aria-rowcount', String(Math.max(isNaN(total) ? 0 : total, rows.length)));
        setStop(grid, stopOf(grid));
    }

    function focusStop(grid) {
        var stop = stopOf(grid);
        setStop(grid, stop);
        stop.focus();
        if (stop !== grid) { stop.scrollIntoView({ block: 'nearest', inline: 'nearest' }); }
    }

    function moveTo(grid, cells, index) {
        if (cells.length === 0) { focusStop(grid); return; }
        var target = cells[Math.min(Math.max(index, 0), cells.length - 1)];
        setStop(grid, target);
        target.focus();
        target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }

    // To another column: the card at the same position, or its last one.
    function toColumn(grid, index) {
        var cells = cellsOf(grid);
        if (cells.length === 0 || index < 0) { focusStop(grid); return; }
        moveTo(grid, cells, index);
    }

    function openMoveMenu(cell) {
        var toggle = cell.querySelector('[data-move-menu]');
        if (!toggle || !window.bootstrap) {
            announcer.textContent = 'Moving cards needs edit permission.';
            return;
        }
        window.bootstrap.Dropdown.getOrCreateInstance(toggle).show();
        var first = toggle.parentElement.querySelector('.dropdown-menu [data-move-to]:not([disabled])');
        if (first) { first.focus(); }
    }

    board.addEventListener('keydown', function (event) {
        var target = event.target;
        if ((!isCell(target) && !isGrid(target)) || event.altKey || event.metaKey) { return; }
        var grid = isCell(target) ? target.closest('[data-cards]') : target;
        var columns = grids();
        var column = columns.indexOf(grid);
        var cells = cellsOf(grid);
        var index = isCell(target) ? cells.indexOf(target) : -1;
        switch (event.key) {
            case 'ArrowDown': moveTo(grid, cells, index + 1); break;
            case 'ArrowUp': moveTo(grid, cells, index - 1); break;
            case 'PageDown': moveTo(grid, cells, index + PAGE); break;
            case 'PageUp': moveTo(grid, cells, index - PAGE); break;
            case 'Home':
                if (event.ctrlKey) { toColumn(columns[0], 0); } else { moveTo(grid, cells, 0); }
                break;
            case 'End':
                if (event.ctrlKey) { toColumn(columns[columns.length - 1], 0); } else { moveTo(grid, cells, cells.length - 1); }
                break;
            case 'ArrowRight':
                if (column < columns.length - 1) { toColumn(columns[column + 1], index); }
                break;
            case 'ArrowLeft':
                if (column > 0) { toColumn(columns[column - 1], index); }
                break;
            case 'Enter':
                if (!isCell(target)) { return; }
                target.querySelector('.card-name').click();
                break;
            case 'm':
            case 'M':
                if (!isCell(target) || event.ctrlKey) { return; }
                openMoveMenu(target);
                break;
            default:
                return;
        }
        event.preventDefault();
    });

    // The card that gets the focus (a click, board.js after a move) becomes its column's tab stop.
    board.addEventListener('focusin', function (event) {
        var grid = event.target.closest && event.target.closest('[data-cards]');
        if (!grid) { return; }
        lastGrid = grid;
        var card = event.target.closest('.board-card');
        var cell = card && card.querySelector('[data-card-cell]');
        if (cell && cell.tabIndex !== 0) { setStop(grid, cell); }
    });

    board.addEventListener('focusout', function (event) {
        // Leaving the board for another element; a focus lost with its card (moved, replaced) or taken
        // by the closing dialog is not leaving.
        var to = event.relatedTarget;
        if (to && !board.contains(to) && !(to.closest && to.closest('.modal'))) { lastGrid = null; }
    });

    // Escape in a Move-to menu returns to the card, not to the menu button.
    board.addEventListener('hidden.bs.dropdown', function (event) {
        var toggle = event.target;
        setTimeout(function () {
            if (document.activeElement === toggle) {
                var cell = toggle.closest('[data-card-cell]');
                if (cell) { cell.focus(); }
            }
        }, 0);
    });

    // A card moved to a status the view leaves out (a hidden column) leaves the board once the
    // server has confirmed it; the focus stays in the column it came from.
    function settleOffView() {
        if (modalOpen()) { return; }
        var gone = toArray(board.querySelectorAll('.board-column[hidden] .board-card:not(.pending)'));
        if (gone.length === 0) { return; }
        gone.forEach(function (card) {
            var label = card.closest('.board-column').getAttribute('data-label');
            var moved = card.querySelector('.card-name').textContent + ' moved to ' + label + '.';
            card.remove();
            if (announcer.textContent === moved) {
                announcer.textContent = moved + ' This view does not show ' + label + ', so the card left the board.';
            }
        });
        var active = document.activeElement;
        var lost = !active || active === document.body || !!(active.closest && active.closest('.board-column[hidden]'));
        if (lost && lastGrid && document.contains(lastGrid) && !modalOpen()) { focusStop(lastGrid); }
    }

    var scheduled = false;
    function schedule() {
        if (scheduled) { return; }
        scheduled = true;
        window.requestAnimationFrame(function () {
            scheduled = false;
            settleOffView();
            grids().forEach(normalize);
        });
    }

    new MutationObserver(schedule).observe(board, { childList: true, subtree: true });
    // A move confirmed while the closing dialog was still closing is settled once it has closed.
    document.addEventListener('hidden.bs.modal', schedule);

    grids().forEach(normalize);
}());
