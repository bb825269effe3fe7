package org.tongfa.console.delivery;

import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;
import org.tongfa.console.ConsoleTimes;
import org.tongfa.delivery.DeliveryLedger;

/** Reads the matrix's cells from the ledger: the latest row of each item on each channel. */
@Component
class MatrixCells {

    private final DeliveryLedger ledger;
    private final ConsoleTimes times;

    MatrixCells(DeliveryLedger ledger, ConsoleTimes times) {
        this.ledger = ledger;
        this.times = times;
    }

    /** The cells of these items on every channel each has a row on. */
    List<MatrixCell> latest(Collection<String> itemIds) {
        return ledger.latestOf(itemIds).stream().map(d -> MatrixCell.of(d, times)).toList();
    }

    /**
     * The cells that these ledger rows changed, among {@code items} (each row's item on its channel, as
     * it stands now): one read, and none of the items' other cells.
     */
    List<MatrixCell> changedBy(Collection<Long> deliveryIds, Collection<String> items) {
        return ledger.latestOfCellsOf(deliveryIds, items).stream().map(d -> MatrixCell.of(d, times)).toList();
    }
}
