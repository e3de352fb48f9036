package io.pentimento;

public final class Main {
    public static void main(String[] args) {
        System.out.println("Pentimento");
    }
}
